using Enet.Actors.Diagnostics;
using Enet.Actors.Tcp;

namespace Enet.Host.Status;

/// <summary>One interface's counters at one moment, what `enet run` shows: a null part is a layer the interface does
/// not run, or one that did not answer in time.</summary>
public sealed record InterfaceStatus(string Name, long RxFrames, long RxBytes, long TxFrames, long TxBytes, long Drops,
    int? ArpEntries, int? NdpEntries, TcpStatus.TcpStatistics? Tcp, int? UdpSockets)
{
    /// <summary>ss's names for the states, in the order a connection goes through them.</summary>
    private static readonly (TcpState State, string Name)[] StateNames =
    [
        (TcpState.SynSent, "syn-sent"), (TcpState.SynReceived, "syn-recv"), (TcpState.Established, "estab"),
        (TcpState.FinWait1, "fin-wait-1"), (TcpState.FinWait2, "fin-wait-2"), (TcpState.CloseWait, "close-wait"),
        (TcpState.Closing, "closing"), (TcpState.LastAck, "last-ack"), (TcpState.TimeWait, "time-wait"),
    ];

    /// <summary>"estab 2 time-wait 1 listen 1": the states that have connections, then listening ports; "0" when none.</summary>
    public string TcpText
    {
        get
        {
            if (Tcp is not { } tcp)
                return "-";
            var parts = StateNames.Where(s => tcp.Count(s.State) > 0).Select(s => $"{s.Name} {tcp.Count(s.State)}").ToList();
            if (tcp.Listeners > 0)
                parts.Add($"listen {tcp.Listeners}");
            return parts.Count == 0 ? "0" : string.Join(' ', parts);
        }
    }

    /// <summary>The counters as one line, for logs: "h1/eth0 rx 3 frames 180 bytes, tx ...".</summary>
    public override string ToString() =>
        $"{Name} rx {RxFrames} frames {RxBytes} bytes, tx {TxFrames} frames {TxBytes} bytes, drops {Drops}, " +
        $"arp {Text(ArpEntries)}, ndp {Text(NdpEntries)}, tcp {TcpText}, udp {Text(UdpSockets)}";

    public static string Text(int? value) => value?.ToString() ?? "-";
}
