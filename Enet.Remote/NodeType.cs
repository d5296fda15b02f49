namespace Enet.Remote;

/// <summary>The <c>node_type</c> of net_kernel:monitor_nodes info: a published node or a hidden one.</summary>
public enum NodeType
{
    Visible,
    Hidden,
}
