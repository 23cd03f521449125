namespace KisTrader.Kis.Realtime.Parsing;

/// <summary>A realtime frame that cannot be read. The message names the TR and the problem, never the frame's content
/// (notices carry account numbers) or any key.</summary>
public sealed class MalformedFrameException : Exception
{
    public MalformedFrameException(string message, Exception? inner = null) : base(message, inner) { }
}
