namespace Enet.Remote;

/// <summary>Akka's RemotingLifecycleEvent shape: a connection to <see cref="RemoteNode"/> is up (nodeup).</summary>
public sealed record AssociatedEvent(string LocalNode, string RemoteNode, bool IsInbound);
