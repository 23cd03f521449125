using System.Text.Json;

namespace KisTrader.Kis.Realtime.Parsing;

/// <summary>A JSON control message from the server (KIS_API.md §6.3, §6.4): a subscribe/unsubscribe ack or error, or PINGPONG.
/// <see cref="Key"/>/<see cref="Iv"/> are secrets: never log them.</summary>
public sealed record ControlMessage(
    string? TrId,
    string? TrKey,
    string? RtCd,
    string? MsgCd,
    string? Msg1,
    string? Key,
    string? Iv)
{
    public bool IsPingPong => TrId == RealtimeTrIds.PingPong;

    public bool IsSuccess => RtCd == "0";

    public static ControlMessage Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new MalformedFrameException("control message is not a JSON object");
            var header = Child(root, "header");
            var body = Child(root, "body");
            var output = body is { } b ? Child(b, "output") : null;
            return new ControlMessage(
                Text(header, "tr_id"),
                Text(header, "tr_key"),
                Text(body, "rt_cd"),
                Text(body, "msg_cd"),
                Text(body, "msg1")?.Trim(),
                Text(output, "key"),
                Text(output, "iv"));
        }
        catch (JsonException ex)
        {
            throw new MalformedFrameException("control message is not valid JSON", ex);
        }
    }

    private static JsonElement? Child(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object ? child : null;

    private static string? Text(JsonElement? parent, string name) =>
        parent is { } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
