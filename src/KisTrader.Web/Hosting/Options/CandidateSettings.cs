using System.ComponentModel.DataAnnotations;
using KisTrader.Core.Market.Candidates;

namespace KisTrader.Web.Hosting.Options;

/// <summary>Candidates beyond the watchlist from the broker's volume and gainers rankings, scored by the ML model
/// (Trading:Candidates:…). See <see cref="RankingCandidateSource"/>.</summary>
public sealed class CandidateSettings
{
    private static readonly CandidateOptions Defaults = new();

    public bool Enabled { get; set; } = Defaults.Enabled;
    /// <summary>At most this many candidates per run (0: look, propose none).</summary>
    public int Max { get; set; } = Defaults.Max;
    /// <summary>The active model's probability a candidate needs (0..1).</summary>
    public decimal MinProbability { get; set; } = Defaults.MinProbability;
    /// <summary>Minutes between two reads of the rankings (runs in between reuse them).</summary>
    public int RankingsRefreshMinutes { get; set; } = (int)Defaults.RankingsRefresh.TotalMinutes;
    public decimal MinPrice { get; set; } = Defaults.MinPrice;
    /// <summary>Traded value today (KRW) below which a ranked ticker is too illiquid.</summary>
    public decimal MinTradeValue { get; set; } = Defaults.MinTradeValue;
    /// <summary>A day's move at or beyond this (%) is at or near the daily limit: not a candidate.</summary>
    public decimal MaxAbsChangePercent { get; set; } = Defaults.MaxAbsChangePercent;
    /// <summary>Realtime slots kept free for the order books the dashboard subscribes.</summary>
    public int ReservedRealtimeSlots { get; set; } = Defaults.ReservedRealtimeSlots;

    public CandidateOptions ToOptions(int realtimeSlots) => new()
    {
        Enabled = Enabled,
        Max = Max,
        MinProbability = MinProbability,
        RankingsRefresh = TimeSpan.FromMinutes(RankingsRefreshMinutes),
        MinPrice = MinPrice,
        MinTradeValue = MinTradeValue,
        MaxAbsChangePercent = MaxAbsChangePercent,
        RealtimeSlots = realtimeSlots,
        ReservedRealtimeSlots = ReservedRealtimeSlots,
    };

    public IEnumerable<ValidationResult> Validate(string prefix)
    {
        ValidationResult Bad(string key, string message) => new(message, [$"{prefix}:{key}"]);
        if (Max is < 0 or > 20) yield return Bad(nameof(Max), "must be between 0 and 20 (candidates per run)");
        if (MinProbability is < 0m or > 1m) yield return Bad(nameof(MinProbability), "must be a probability between 0 and 1");
        if (RankingsRefreshMinutes is < 0 or > 390) yield return Bad(nameof(RankingsRefreshMinutes), "must be between 0 (every run) and 390 minutes");
        if (MinPrice < 0m) yield return Bad(nameof(MinPrice), "must not be negative (KRW)");
        if (MinTradeValue < 0m) yield return Bad(nameof(MinTradeValue), "must not be negative (KRW)");
        if (MaxAbsChangePercent is <= 0m or > 30m) yield return Bad(nameof(MaxAbsChangePercent), "must be greater than 0 and at most 30 (%, the KRX daily limit)");
        if (ReservedRealtimeSlots is < 0 or > 40) yield return Bad(nameof(ReservedRealtimeSlots), "must be between 0 and 40 (realtime slots)");
    }
}
