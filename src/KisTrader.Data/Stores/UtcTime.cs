namespace KisTrader.Data.Stores;

/// <summary>Times are stored as UTC DateTime (both providers) and read back as UTC offsets.</summary>
internal static class UtcTime
{
    public static DateTimeOffset FromStored(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? FromStored(DateTime? value) => value is { } v ? FromStored(v) : null;
}
