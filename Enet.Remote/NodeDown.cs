namespace Enet.Remote;

/// <summary>
/// <c>{nodedown, Node, [{nodedown_reason, R}, {node_type, T}]}</c>: delivered after every signal from the
/// connection. Reasons are net_kernel's: connection_closed, disconnect, net_tick_timeout,
/// net_kernel_terminated, killed.
/// </summary>
public sealed record NodeDown(string Node, NodeType NodeType, string Reason)
{
    /// <summary>Which distribution carries the node: "erlang" (EPMD, handshake, ETF) or "akka" (Akka.Remote).</summary>
    public string Transport { get; init; } = "erlang";
}
