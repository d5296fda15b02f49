namespace Enet.Actors.Tcp;

/// <summary>The timestamps option's two fields (RFC 7323 3.2): TSval, the sender's clock, and TSecr, the TSval it
/// echoes.</summary>
public readonly record struct TcpTimestamps(uint Value, uint EchoReply);
