using Enet.Actors.Hosting;

namespace Enet.Actors.Udp;

/// <summary>A UDP layer's defaults and bounds (enet.udp in reference.conf).</summary>
public sealed record UdpSettings
{
    public static UdpSettings Default { get; } = new();

    /// <summary>Default recbuf: payload bytes a socket queues; 212992 is Linux's net.core.rmem_default.</summary>
    public int RecBuf { get; init; } = 212992;

    public int SndBuf { get; init; } = 212992;

    /// <summary>Default read_packets, 5 as in inet_drv.</summary>
    public int ReadPackets { get; init; } = 5;

    /// <summary>Sockets one layer holds; Open beyond it is emfile.</summary>
    public int MaxSockets { get; init; } = 1024;

    /// <summary>Recv calls one passive socket keeps waiting; more are enobufs.</summary>
    public int MaxPendingRecvs { get; init; } = 64;

    /// <summary>The ephemeral range port 0 draws from: IANA's dynamic ports (RFC 6335 6).</summary>
    public int EphemeralLow { get; init; } = 49152;

    public int EphemeralHigh { get; init; } = 65535;

    /// <summary>RFC 1122 4.1.3.1: a datagram for a port nobody listens on SHOULD get ICMP port unreachable.</summary>
    public bool PortUnreachable { get; init; } = true;

    /// <summary>Reads enet.udp; keys absent keep their defaults.</summary>
    public static UdpSettings Read(IConfigView config)
    {
        var s = Default;
        if (!config.HasPath("enet.udp"))
            return s;
        var udp = config.GetConfig("enet.udp");
        int Int(string key, int fallback) => udp.HasPath(key) ? udp.GetInt(key) : fallback;
        IReadOnlyList<int> range = udp.HasPath("ephemeral-ports") ? [.. udp.GetStringList("ephemeral-ports").Select(int.Parse)] : [s.EphemeralLow, s.EphemeralHigh];
        if (range.Count != 2 || range[0] < 1 || range[1] > 65535 || range[0] > range[1])
            throw new FormatException($"enet.udp.ephemeral-ports must be [low, high] within 1..65535, not [{string.Join(", ", range)}]");
        return s with
        {
            RecBuf = Int("recbuf", s.RecBuf),
            SndBuf = Int("sndbuf", s.SndBuf),
            ReadPackets = Int("read-packets", s.ReadPackets),
            MaxSockets = Int("max-sockets", s.MaxSockets),
            MaxPendingRecvs = Int("max-pending-recvs", s.MaxPendingRecvs),
            EphemeralLow = range[0],
            EphemeralHigh = range[1],
            PortUnreachable = udp.HasPath("port-unreachable") ? udp.GetString("port-unreachable") == "true" : s.PortUnreachable,
        };
    }
}
