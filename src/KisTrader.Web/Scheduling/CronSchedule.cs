using Cronos;

namespace KisTrader.Web.Scheduling;

/// <summary>Cron lines as Hangfire reads them: Cronos (the parser Hangfire 1.8.25 embeds, same version), five fields, or
/// six with seconds first, evaluated in Asia/Seoul. Quartz-style lines such as <c>0 5/10 9-14 ? * MON-FRI</c> read the
/// same; a seventh (year) field and numeric days of the week from Quartz (1 = Sunday) do not.</summary>
public static class CronSchedule
{
    private static readonly char[] Separators = [' ', '\t'];

    public static bool TryParse(string? cron, out CronExpression expression)
    {
        expression = null!;
        if (string.IsNullOrWhiteSpace(cron)) return false;
        var format = CronFormat.Standard;
        if (!cron.StartsWith('@'))
        {
            var fields = cron.Split(Separators, StringSplitOptions.RemoveEmptyEntries).Length;
            if (fields == 6) format |= CronFormat.IncludeSeconds;
            else if (fields != 5) return false;
        }
        try
        {
            expression = CronExpression.Parse(cron, format);
            return true;
        }
        catch (CronFormatException)
        {
            return false;
        }
    }

    /// <summary>The validation message for a line that does not parse (options name the key).</summary>
    public static string Invalid(string? cron) =>
        $"is not a valid cron expression: 5 fields, or 6 with seconds first, as Hangfire reads them (got '{cron}')";

    /// <summary>The first fire strictly after <paramref name="after"/>, in KST.</summary>
    public static DateTimeOffset? Next(string cron, DateTimeOffset after) =>
        TryParse(cron, out var e) ? e.GetNextOccurrence(after, SchedulingSetup.Kst) : throw new ArgumentException(Invalid(cron), nameof(cron));
}
