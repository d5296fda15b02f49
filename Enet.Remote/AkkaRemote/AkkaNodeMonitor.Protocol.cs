using Akka.Actor;

namespace Enet.Remote.AkkaRemote;

/// <summary>The kernel's messages: calls from <see cref="AkkaNetKernel"/>, its own timers, and the one a peer's kernel sends.</summary>
internal sealed partial class AkkaNodeMonitor
{
    internal sealed record Connect(Address Node, TaskCompletionSource<bool> Done);

    internal sealed record Disconnect(Address Node);

    internal sealed record GetNodes
    {
        public static GetNodes Instance { get; } = new();
    }

    internal sealed record Monitor(IActorRef Subscriber, bool Flag, MonitorNodesOptions Options);

    internal sealed record Allow(IReadOnlyList<string> Nodes);

    internal sealed record Stop
    {
        public static Stop Instance { get; } = new();
    }

    private sealed record ConnectTimedOut(Address Node);

    private sealed record RetryIdentify(Address Node);

    private sealed record DropAssociation(Address Node);

    /// <summary>Sent by a node's kernel to its peer's on disconnect_node: drop your end too.</summary>
    internal sealed record PeerDisconnected
    {
        public static PeerDisconnected Instance { get; } = new();
    }
}
