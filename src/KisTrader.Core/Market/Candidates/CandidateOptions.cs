namespace KisTrader.Core.Market.Candidates;

/// <summary>How the broker's rankings propose tickers beyond the watchlist (Trading:Candidates:… in the app).</summary>
public sealed record CandidateOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>At most this many candidates join a run's analysis.</summary>
    public int Max { get; init; } = 5;

    /// <summary>A candidate needs the active model's probability at or above this (0..1).</summary>
    public decimal MinProbability { get; init; } = 0.6m;

    /// <summary>The rankings are read again after this long; runs in between reuse them (their prices come from the
    /// analysis, not from the ranking).</summary>
    public TimeSpan RankingsRefresh { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Rows asked of each ranking (KIS answers at most 30).</summary>
    public int RankingDepth { get; init; } = 30;

    /// <summary>Screens: a price below this (KRW) is a penny stock; traded value today below this (KRW) is too illiquid to
    /// enter and leave; a day's move at or beyond this (%) is at or near a daily price limit.</summary>
    public decimal MinPrice { get; init; } = 1_000m;
    public decimal MinTradeValue { get; init; } = 1_000_000_000m;
    public decimal MaxAbsChangePercent { get; init; } = 20m;

    /// <summary>The realtime session's trade plus order-book registrations (KIS: 41 minus the execution notice).</summary>
    public int RealtimeSlots { get; init; } = 40;

    /// <summary>Slots left free for the order books the dashboard's pages subscribe while they show one.</summary>
    public int ReservedRealtimeSlots { get; init; } = 2;
}
