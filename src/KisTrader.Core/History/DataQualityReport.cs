namespace KisTrader.Core.History;

public enum DataQualityCheck
{
    /// <summary>A trading day between the first and last bar with no bar.</summary>
    MissingSession,
    /// <summary>A bar with volume 0 (a halted or suspended day, or a bad source).</summary>
    ZeroVolume,
    /// <summary>High, low or close outside the ±30% daily limits of the previous close: impossible without a corporate
    /// action (then the adjusted prices should explain it) or bad data.</summary>
    BeyondDailyLimit,
    /// <summary>A raw price off the KRX tick grid of its date.</summary>
    OffGrid,
    /// <summary>More than one bar for the same day.</summary>
    Duplicate,
}

/// <summary>One problem found: the session date it concerns and what is wrong, in words.</summary>
public sealed record DataQualityIssue(DataQualityCheck Check, DateOnly Date, string Detail);

/// <summary>The result of one check for one instrument: how many issues, and the first few as examples.</summary>
public sealed record DataQualityFinding(DataQualityCheck Check, int Count, IReadOnlyList<DataQualityIssue> Examples);

/// <summary>Data quality of one instrument's daily bars: its coverage and one finding per check (always all five, in
/// <see cref="DataQualityCheck"/> order, so a page can show a fixed set of columns).</summary>
public sealed record DataQualityReport(string Ticker, int Bars, DateOnly? First, DateOnly? Last, IReadOnlyList<DataQualityFinding> Findings)
{
    public DataQualityFinding this[DataQualityCheck check] => Findings.First(f => f.Check == check);

    public int IssueCount => Findings.Sum(f => f.Count);

    public bool IsClean => IssueCount == 0;

    /// <summary>Moves beyond the daily limits that the adjusted prices explain (splits, consolidations): reported for
    /// information, not counted as issues. Oldest first.</summary>
    public IReadOnlyList<DataQualityIssue> CorporateActions { get; init; } = [];
}
