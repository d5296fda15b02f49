namespace Enet.Host.Status;

/// <summary>What `enet run --status` shows while it runs.</summary>
public enum StatusMode
{
    /// <summary>The table when stdout is a terminal and no host prints every frame (dump), else nothing.</summary>
    Auto,

    /// <summary>A live table, refreshed each second, redrawn in place.</summary>
    Table,

    /// <summary>One log line with every interface's counters every --status-interval seconds.</summary>
    Plain,

    /// <summary>Nothing.</summary>
    None,
}
