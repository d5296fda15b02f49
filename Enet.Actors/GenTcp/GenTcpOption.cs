using Enet.Actors.Inet;

namespace Enet.Actors.GenTcp;

/// <summary>The inet options of TCP sockets as typed <see cref="InetOption"/> values, the ones <see cref="InetOption"/>'s
/// own factories (active, recbuf, sndbuf, buffer) do not give.</summary>
public static class GenTcpOption
{
    public static InetOption Packet(PacketType type) => new("packet", type);

    public static InetOption PacketSize(int bytes) => new("packet_size", bytes);

    /// <summary>{line_delimiter, Char}: the byte that ends a line for {packet, line}.</summary>
    public static InetOption LineDelimiter(char c) => new("line_delimiter", (int)c);

    public static InetOption Header(int bytes) => new("header", bytes);

    public static InetOption NoDelay(bool on) => new("nodelay", on);

    public static InetOption DelaySend(bool on) => new("delay_send", on);

    public static InetOption KeepAlive(bool on) => new("keepalive", on);

    public static InetOption Linger(bool on, int seconds) => new("linger", (on, seconds));

    public static InetOption SendTimeout(TimeSpan? timeout) => new("send_timeout", timeout ?? Timeout.InfiniteTimeSpan);

    public static InetOption SendTimeoutClose(bool on) => new("send_timeout_close", on);

    public static InetOption HighWatermark(int bytes) => new("high_watermark", bytes);

    public static InetOption LowWatermark(int bytes) => new("low_watermark", bytes);

    public static InetOption ExitOnClose(bool on) => new("exit_on_close", on);

    public static InetOption ShowEconnreset(bool on) => new("show_econnreset", on);

    public static InetOption ReuseAddr(bool on) => new("reuseaddr", on);

    public static InetOption Tos(int tos) => new("tos", tos);

    /// <summary>gen_tcp:listen only: established connections kept for accept.</summary>
    public static InetOption Backlog(int connections) => new("backlog", connections);
}
