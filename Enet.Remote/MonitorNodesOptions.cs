namespace Enet.Remote;

/// <summary>
/// net_kernel:monitor_nodes/2 options: <c>{node_type, all}</c> also reports hidden nodes (by default only
/// visible ones are reported).
/// </summary>
public sealed record MonitorNodesOptions(bool AllNodeTypes = false)
{
    public static MonitorNodesOptions Visible { get; } = new();

    public static MonitorNodesOptions All { get; } = new(AllNodeTypes: true);
}
