using KisTrader.Web.Hosting.Options;
using Microsoft.Extensions.Options;

namespace KisTrader.Web.Live;

/// <summary>What the status strip shows. Later capabilities (trading state, feed health) publish here.</summary>
public sealed class SystemStatus(IOptions<KisOptions> kis, IOptions<DatabaseOptions> database, IOptions<LlmOptions> llm)
{
    public KisEnvironment Environment => kis.Value.Environment;
    public string DatabaseProvider => database.Value.Provider.ToString();
    private volatile string? _engineNotice;

    public string DecisionEngine => _engineNotice is not null ? "Rules (LLM fallback)"
        : llm.Value.IsConfigured
            ? llm.Value.EffectiveProvider == KisTrader.Web.Llm.LlmProvider.Azure ? $"LLM (Azure: {llm.Value.Deployment})" : $"LLM ({llm.Value.Model})"
            : "Rules (no LLM configured)";

    /// <summary>Why the configured LLM is not deciding (its monthly budget is spent, or it failed too often in a row), from
    /// the latest run; null when it is.</summary>
    public string? EngineNotice => _engineNotice;

    /// <summary>Called with each completed run's engine notice (null clears it: the LLM decided again).</summary>
    public void ReportEngineNotice(string? notice) => _engineNotice = string.IsNullOrWhiteSpace(notice) ? null : notice;
}
