using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;

namespace KisTrader.Web.Live;

/// <summary>What the status strip shows. Later capabilities (trading state, feed health) publish here.</summary>
public sealed class SystemStatus(AppSettings settings)
{
    public KisEnvironment Environment => settings.Kis.Environment;
    public string DatabaseProvider => settings.Database.Provider.ToString();
    private volatile string? _engineNotice;

    public string DecisionEngine => _engineNotice is not null ? "Rules (LLM fallback)"
        : settings.Llm.IsConfigured
            ? settings.Llm.EffectiveProvider == KisTrader.Web.Llm.LlmProvider.Azure ? $"LLM (Azure: {settings.Llm.Deployment})" : $"LLM ({settings.Llm.Model})"
            : "Rules (no LLM configured)";

    /// <summary>Why the configured LLM is not deciding (its monthly budget is spent, or it failed too often in a row), from
    /// the latest run; null when it is.</summary>
    public string? EngineNotice => _engineNotice;

    /// <summary>Called with each completed run's engine notice (null clears it: the LLM decided again).</summary>
    public void ReportEngineNotice(string? notice) => _engineNotice = string.IsNullOrWhiteSpace(notice) ? null : notice;
}
