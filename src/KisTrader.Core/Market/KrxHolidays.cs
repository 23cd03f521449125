using System.Globalization;

namespace KisTrader.Core.Market;

/// <summary>One built-in KRX closure: the date, where it comes from ("date-holidays" for public holidays from that
/// library, "krx" for the exchange-only closures) and its name.</summary>
public sealed record KrxHoliday(DateOnly Date, string Source, string Name);

/// <summary>The built-in weekday closures of KRX, <see cref="FirstYear"/>–<see cref="LastYear"/>, read once from
/// Market/Holidays/KrxHolidays.csv embedded in this assembly (how it was made: README.md beside it).</summary>
public static class KrxHolidays
{
    public const int FirstYear = 2010;
    public const int LastYear = 2027;
    private const string ResourceName = "KisTrader.Core.Market.Holidays.KrxHolidays.csv";

    private static readonly Lazy<IReadOnlyList<KrxHoliday>> Loaded = new(Load);

    public static IReadOnlyList<KrxHoliday> BuiltIn => Loaded.Value;

    private static IReadOnlyList<KrxHoliday> Load()
    {
        using var stream = typeof(KrxHolidays).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from KisTrader.Core");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>Parses the CSV (header "date,source,name", then one weekday closure per line, dates ascending).</summary>
    internal static IReadOnlyList<KrxHoliday> Parse(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0].TrimEnd('\r') != "date,source,name")
            throw new FormatException("KRX holiday list: the first line must be the header date,source,name");
        var list = new List<KrxHoliday>(lines.Length - 1);
        for (var i = 1; i < lines.Length; i++)
        {
            var parts = lines[i].TrimEnd('\r').Split(',', 3);
            if (parts.Length != 3 || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new FormatException($"KRX holiday list, line {i + 1}: expected yyyy-MM-dd,source,name");
            if (list.Count > 0 && date <= list[^1].Date)
                throw new FormatException($"KRX holiday list, line {i + 1}: {parts[0]} is not after the previous date");
            list.Add(new KrxHoliday(date, parts[1], parts[2]));
        }
        return list;
    }
}
