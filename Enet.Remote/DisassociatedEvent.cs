namespace Enet.Remote;

/// <summary>A connection went down (nodedown), with net_kernel's reason.</summary>
public sealed record DisassociatedEvent(string LocalNode, string RemoteNode, bool IsInbound, string Reason);
