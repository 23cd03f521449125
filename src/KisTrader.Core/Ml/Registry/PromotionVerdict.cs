namespace KisTrader.Core.Ml.Registry;

public enum PromotionRefusalCode
{
    None,
    /// <summary>Only a candidate can be promoted (an active or retired version comes back by rollback).</summary>
    NotACandidate,
    F1BelowMargin,
    /// <summary>The candidate has no gated-backtest result yet.</summary>
    NoGatedBacktest,
    BacktestBelowMargin,
}

/// <summary>One finding of the promotion rule: a refusal code (None for a criterion met) and what a person reads.</summary>
public sealed record PromotionReason(PromotionRefusalCode Code, string Text);

/// <summary>The promotion rule's judgement of a candidate: promoted only when every criterion is met; otherwise refused
/// with every reason, so the page and the log say all that stood in the way, not just the first.</summary>
public sealed record PromotionVerdict(IReadOnlyList<PromotionReason> Reasons)
{
    public bool Promote => Reasons.All(r => r.Code == PromotionRefusalCode.None);

    public IEnumerable<PromotionRefusalCode> Refusals => Reasons.Where(r => r.Code != PromotionRefusalCode.None).Select(r => r.Code);

    public string Summary => string.Join("; ", (Promote ? Reasons : Reasons.Where(r => r.Code != PromotionRefusalCode.None)).Select(r => r.Text));
}
