using Spectre.Console;

namespace Enet.Host.Status;

/// <summary>The status as a Spectre.Console table: one row per interface.</summary>
public static class StatusTable
{
    public static Table Render(IReadOnlyList<InterfaceStatus> interfaces, DateTimeOffset at)
    {
        var table = new Table { Title = new TableTitle($"enet run, {at.ToLocalTime():HH:mm:ss}") };
        table.AddColumn("interface");
        foreach (var number in new[] { "frames in", "bytes in", "frames out", "bytes out", "drops", "arp", "ndp" })
            table.AddColumn(new TableColumn(number).RightAligned());
        table.AddColumn("tcp");
        table.AddColumn(new TableColumn("udp").RightAligned());
        foreach (var i in interfaces)
            table.AddRow(Markup.Escape(i.Name), $"{i.RxFrames}", $"{i.RxBytes}", $"{i.TxFrames}", $"{i.TxBytes}", $"{i.Drops}",
                InterfaceStatus.Text(i.ArpEntries), InterfaceStatus.Text(i.NdpEntries), Markup.Escape(i.TcpText), InterfaceStatus.Text(i.UdpSockets));
        return table;
    }
}
