namespace Enet.Remote.Distribution;

/// <summary>A distribution handshake that did not complete: refused, wrong cookie, or malformed bytes.</summary>
public sealed class HandshakeException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}
