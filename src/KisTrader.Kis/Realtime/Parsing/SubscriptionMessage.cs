using System.Text;
using System.Text.Json;

namespace KisTrader.Kis.Realtime.Parsing;

/// <summary>The register/unregister request (KIS_API.md §6.2). Contains the approval key: never log the result.</summary>
public static class SubscriptionMessage
{
    public static string Build(string approvalKey, Registration registration, bool register)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartObject("header");
            json.WriteString("approval_key", approvalKey);
            json.WriteString("custtype", "P");
            json.WriteString("tr_type", register ? "1" : "2");
            json.WriteString("content-type", "utf-8");
            json.WriteEndObject();
            json.WriteStartObject("body");
            json.WriteStartObject("input");
            json.WriteString("tr_id", registration.TrId);
            json.WriteString("tr_key", registration.TrKey);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
