namespace Enet.Remote;

/// <summary><c>{nodeup, Node, [{node_type, T}]}</c>: delivered before any signal from the new connection.</summary>
public sealed record NodeUp(string Node, NodeType NodeType)
{
    /// <summary>Which distribution carries the node: "erlang" (EPMD, handshake, ETF) or "akka" (Akka.Remote).</summary>
    public string Transport { get; init; } = "erlang";
}
