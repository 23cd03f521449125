using System.ComponentModel.DataAnnotations;

namespace KisTrader.Web.Hosting.Options;

/// <summary>The scheduled online backup of the SQLite database (<see cref="Backup.DatabaseBackups"/>). PostgreSQL is
/// backed up with pg_dump, not by the app.</summary>
[OptionsSection("Backup")]
public sealed class BackupOptions : IValidatableObject
{
    /// <summary>Back up on <see cref="Schedule"/> (SQLite only; the backup command works either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Cron line in KST (seconds first); 16:30 every day, after the close and the daily summary.</summary>
    public string Schedule { get; set; } = "0 30 16 ? * *";

    /// <summary>How many backups to keep; the oldest beyond this are deleted after each new one.</summary>
    [Range(1, 10_000, ErrorMessage = "must be between 1 and 10,000 backups")]
    public int Keep { get; set; } = 14;

    /// <summary>Where backups go; <c>{Database:DataDirectory}/backups</c> when empty. Relative to the working directory.</summary>
    public string? Directory { get; set; }

    public string FullDirectory(DatabaseOptions database) => string.IsNullOrWhiteSpace(Directory)
        ? Path.Combine(database.FullDataDirectory, "backups")
        : Path.GetFullPath(Directory);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Scheduling.CronSchedule.TryParse(Schedule, out _))
            yield return new ValidationResult(Scheduling.CronSchedule.Invalid(Schedule), [nameof(Schedule)]);
        if (Directory is { Length: > 0 } d && d.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            yield return new ValidationResult("is not a valid path", [nameof(Directory)]);
    }
}
