using System.Globalization;
using Enet.Codecs;

namespace Enet.Actors.Inet;

/// <summary>
/// One inet option as Erlang's <c>{Name, Value}</c> pair: what Open and SetOpts take and GetOpts returns, and
/// the entries of a getifaddrs list. The factories give the typed values each name expects.
/// </summary>
public sealed record InetOption(string Name, object Value)
{
    /// <summary>Every socket option inet(3) documents for setopts. A name outside this list is einval; a name in it
    /// that a UDP socket has no use for is left out of getopts and accepted without effect by setopts, as inet_drv does
    /// with nodelay on a UDP socket.</summary>
    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "active", "broadcast", "buffer", "delay_send", "deliver", "dontroute", "exit_on_close", "exclusiveaddruse",
        "header", "high_msgq_watermark", "high_watermark", "ipv6_v6only", "keepalive", "linger", "line_delimiter",
        "low_msgq_watermark", "low_watermark", "mode", "nodelay", "nopush", "packet", "packet_size", "priority",
        "read_packets", "recbuf", "recvtos", "recvttl", "recvtclass", "reuseaddr", "reuseport", "send_timeout",
        "send_timeout_close", "show_econnreset", "sndbuf", "tos", "tclass", "ttl", "bind_to_device", "multicast_if",
        "multicast_loop", "multicast_ttl", "add_membership", "drop_membership", "netns", "ip", "port", "family",
    };

    public static InetOption Active(ActiveMode mode) => new("active", mode);

    public static InetOption Active(bool active) => new("active", active ? ActiveMode.True : ActiveMode.False);

    public static InetOption ActiveOnce => new("active", ActiveMode.Once);

    public static InetOption ActiveN(int n) => new("active", ActiveMode.Count(n));

    /// <summary>Bytes of datagram payload a socket queues while nobody takes them; beyond it datagrams are dropped.</summary>
    public static InetOption RecBuf(int bytes) => new("recbuf", bytes);

    public static InetOption SndBuf(int bytes) => new("sndbuf", bytes);

    /// <summary>Allow sending to a broadcast address (SO_BROADCAST); without it such a send is eacces.</summary>
    public static InetOption Broadcast(bool allow) => new("broadcast", allow);

    /// <summary>Datagrams delivered to the owner in one turn before the socket lets other messages in.</summary>
    public static InetOption ReadPackets(int count) => new("read_packets", count);

    public static InetOption Buffer(int bytes) => new("buffer", bytes);

    /// <summary>Time to live of the datagrams sent (IP_TTL).</summary>
    public static InetOption Ttl(int ttl) => new("ttl", ttl);

    /// <summary>The local address to bind to (Open only).</summary>
    public static InetOption Ip(InetAddress address) => new("ip", address);

    /// <summary>inet or inet6 (Open only), the bare atom of gen_udp:open's option list.</summary>
    public static InetOption Family(InetFamily family) => new("family", family);

    /// <summary>Erlang's form: {active,true}, {ip,{192,0,2,2}}, {hwaddr,[2,0,0,0,0,1]}.</summary>
    public override string ToString() => $"{{{Name},{Format(Value)}}}";

    private static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        InetAddress a => a.ToTupleString(),
        InetFamily f => f == InetFamily.Inet ? "inet" : "inet6",
        MacAddress m => $"[{string.Join(',', m.ToString().Split(':').Select(h => int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)))}]",
        IEnumerable<string> atoms => $"[{string.Join(',', atoms)}]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
