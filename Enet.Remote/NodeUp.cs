namespace Enet.Remote;

/// <summary><c>{nodeup, Node, [{node_type, T}]}</c>: delivered before any signal from the new connection.</summary>
public sealed record NodeUp(string Node, NodeType NodeType);
