using System.Text.Json.Serialization;
using KisTrader.Core.Market;
using KisTrader.Core.Reflection;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Graphs.Reflection;

/// <summary>The reflection graph's state, stored as JSON after every node. The outcomes (with their features) are not
/// stored: they are rebuilt from the trade record when a resumed run needs them.</summary>
public sealed class ReflectionState
{
    public string RunId { get; set; } = "";
    public string Trigger { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public string ReportId { get; set; } = "";
    public DateTimeOffset PeriodFrom { get; set; }
    public DateTimeOffset PeriodTo { get; set; }
    /// <summary>Start of the look-back: older buys for M1, outcomes for M2 and shadow evaluation.</summary>
    public DateTimeOffset LookbackFrom { get; set; }
    public int LookbackTrades { get; set; }
    public PerformanceReport? Performance { get; set; }
    public int Outcomes { get; set; }
    public int WithoutFeatures { get; set; }
    public int WithoutResult { get; set; }
    public List<Insight> Insights { get; set; } = [];
    public string? LlmAnalysis { get; set; }
    public string? LlmNote { get; set; }
    public List<RuleProposal> LlmRules { get; set; } = [];
    /// <summary>Every rule this run stored (any status).</summary>
    public List<string> RuleIds { get; set; } = [];
    /// <summary>Valid rules the adoption policy accepted: UpdatePrompt writes them into a new version.</summary>
    public List<string> ToAdopt { get; set; } = [];
    public int? PromptVersion { get; set; }
    public List<string> Notes { get; set; } = [];

    [JsonIgnore]
    internal OutcomeSet? OutcomeCache { get; set; }

    public static ReflectionState Create(GraphContext context, ReflectionOptions options)
    {
        var to = context.StartedAt;
        return new ReflectionState
        {
            RunId = context.RunId,
            Trigger = context.Trigger,
            StartedAt = context.StartedAt,
            ReportId = $"RP-{to.ToKst():yyyyMMdd-HHmmss}-{context.RunId[..Math.Min(6, context.RunId.Length)]}",
            PeriodTo = to,
            PeriodFrom = to.AddDays(-options.PeriodDays),
            LookbackFrom = to.AddDays(-Math.Max(options.LookbackDays, options.PeriodDays)),
        };
    }

    /// <summary>The report as far as the run got.</summary>
    public ReflectionReport Report(ReflectionStatus status, string summary = "", string? error = null, DateTimeOffset? completedAt = null) => new()
    {
        ReportId = ReportId,
        RunId = RunId,
        Trigger = Trigger,
        CreatedAt = StartedAt,
        CompletedAt = completedAt,
        PeriodFrom = PeriodFrom,
        PeriodTo = PeriodTo,
        Status = status,
        Performance = Performance,
        Insights = [.. Insights],
        LlmAnalysis = LlmAnalysis,
        LlmNote = LlmNote,
        RuleIds = [.. RuleIds],
        PromptVersion = PromptVersion,
        Summary = summary,
        Error = error,
    };
}
