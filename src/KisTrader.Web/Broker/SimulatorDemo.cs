namespace KisTrader.Web.Broker;

/// <summary>Credentials for the built-in simulator when none are configured. Not secrets: the simulator accepts any
/// key and opens a demo account for any 8-digit account number.</summary>
internal static class SimulatorDemo
{
    public const string AppKey = "KISTRADER-SIMULATOR-DEMO-APPKEY-0001";
    public static readonly string AppSecret = "KISTRADER-SIMULATOR-DEMO-APPSECRET-" + new string('0', 145);
    public const string AccountNumber = "50000001";
    public const string HtsId = "kistrader";
}
