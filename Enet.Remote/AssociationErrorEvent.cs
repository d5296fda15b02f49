namespace Enet.Remote;

/// <summary>A connection attempt failed: unknown node, refused, wrong cookie, not allowed (Erlang's pang).</summary>
public sealed record AssociationErrorEvent(string LocalNode, string RemoteNode, bool IsInbound, Exception Cause);
