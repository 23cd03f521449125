using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;

namespace KisTrader.Web.Live;

/// <summary>What the status strip shows. Later capabilities (trading state, feed health) publish here.</summary>
public sealed class SystemStatus(AppSettings settings)
{
    public KisEnvironment Environment => settings.Kis.Environment;
    public string DatabaseProvider => settings.Database.Provider.ToString();
    public string DecisionEngine => settings.Llm.IsConfigured ? $"LLM ({settings.Llm.Model})" : "Rules (no LLM configured)";
}
