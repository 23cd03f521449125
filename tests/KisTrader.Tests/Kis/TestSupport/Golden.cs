using System.Text;
using KisTrader.Kis.Rest;

namespace KisTrader.Tests.Kis.TestSupport;

/// <summary>Golden KIS bodies (tests/KisTrader.Tests/Kis/Golden), written by hand from KIS_API.md.</summary>
internal static class Golden
{
    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Kis", "Golden", name + ".json"), Encoding.UTF8);

    public static byte[] Bytes(string name) => Encoding.UTF8.GetBytes(Text(name));

    public static KisResponse Response(string name, string trId = "TEST", int status = 200, string? trCont = null) =>
        KisResponseReader.Read(trId, status, trCont, Bytes(name));
}
