using Enet.Actors.Inet;
using Enet.Actors.Tcp;

namespace Enet.Actors.GenTcp;

/// <summary>
/// The options of one gen_tcp socket as validated values, OTP's defaults (inet(3), probed on OTP 25). <see cref="Apply"/>
/// checks a whole list before anything changes, so a setopts that is einval leaves the socket as it was. A null
/// recbuf/sndbuf leaves the TCP layer's buffer size (enet.tcp recbuf/sndbuf, learnt with <see cref="WithLayer"/>).
/// </summary>
public sealed record TcpSocketOptions
{
    /// <summary>gen_tcp's defaults: active true, packet 0, exit_on_close true, send_timeout infinity, watermarks 8 kB/4 kB.</summary>
    public static readonly TcpSocketOptions Default = new();

    /// <summary>The options getopts reports for a TCP socket; the other known names are left out.</summary>
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        "active", "buffer", "delay_send", "deliver", "exit_on_close", "header", "high_watermark", "keepalive", "linger",
        "line_delimiter", "low_watermark", "mode", "nodelay", "packet", "packet_size", "recbuf", "reuseaddr", "send_timeout",
        "send_timeout_close", "show_econnreset", "sndbuf", "tos",
    };

    public ActiveMode Active { get; init; } = ActiveMode.True;

    public PacketType Packet { get; init; } = PacketType.Raw;

    public int PacketSize { get; init; }

    /// <summary>inet(3) {line_delimiter, Char}: "Sets the line delimiting character for line oriented protocols (line).
    /// Default value is $\n."</summary>
    public byte LineDelimiter { get; init; } = (byte)'\n';

    /// <summary>{header, N}: the first N bytes of each delivery come apart from the rest.</summary>
    public int Header { get; init; }

    public bool NoDelay { get; init; }

    public bool DelaySend { get; init; }

    public bool KeepAlive { get; init; }

    /// <summary>{linger, {On, Seconds}}: {true, 0} makes close a reset; {true, T} makes close wait up to T for the
    /// queued data to go.</summary>
    public (bool On, int Seconds) Linger { get; init; } = (false, 0);

    /// <summary>Null: infinity.</summary>
    public TimeSpan? SendTimeout { get; init; }

    public bool SendTimeoutClose { get; init; }

    public int HighWatermark { get; init; } = 8192;

    public int LowWatermark { get; init; } = 4096;

    public bool ExitOnClose { get; init; } = true;

    public bool ShowEconnreset { get; init; }

    public int? RecBuf { get; init; }

    public int? SndBuf { get; init; }

    /// <summary>The TCP layer's own buffer sizes (enet.tcp recbuf and sndbuf), which a connection takes when recbuf or
    /// sndbuf is not given; <see cref="TcpSettings.Default"/>'s until the layer has told them.</summary>
    public int LayerRecBuf { get; init; } = TcpSettings.Default.ReceiveBuffer;

    public int LayerSndBuf { get; init; } = TcpSettings.Default.SendBuffer;

    public bool ReuseAddr { get; init; }

    public int Tos { get; init; }

    /// <summary>The user-level buffer (1460 on Linux); for line it is the longest line delivered whole.</summary>
    public int Buffer { get; init; } = 1460;

    /// <summary>The local address a listen or connect binds: {ip, Address}, or :: with inet6 (the family's wildcard); the
    /// IPv4 wildcard by default.</summary>
    public InetAddress Address { get; init; } = InetAddress.Any;

    /// <summary>gen_tcp:listen's backlog: established connections waiting for accept (OTP's default 5).</summary>
    public int Backlog { get; init; } = 5;

    /// <summary>What the TCP layer is given with Connect or Bind.</summary>
    public TcpOptions TcpOptions => new()
    {
        ReceiveBuffer = RecBuf, SendBuffer = SndBuf, NoDelay = NoDelay, KeepAlive = KeepAlive, Tos = (byte)Tos, ReuseAddress = ReuseAddr,
    };

    /// <summary>The receive buffer in force: the data a passive socket holds before it stops reading.</summary>
    public int ReceiveBufferSize => RecBuf ?? LayerRecBuf;

    public int SendBufferSize => SndBuf ?? LayerSndBuf;

    /// <summary>These options with the buffer sizes of the TCP layer that makes the connection.</summary>
    public TcpSocketOptions WithLayer(TcpSettings layer) => this with { LayerRecBuf = layer.ReceiveBuffer, LayerSndBuf = layer.SendBuffer };

    public static InetResult<TcpSocketOptions> Create(IReadOnlyList<InetOption>? options) => Default.Apply(options ?? [], opening: true);

    public InetResult<TcpSocketOptions> Apply(IReadOnlyList<InetOption> options, bool opening = false)
    {
        var next = this;
        foreach (var option in options)
        {
            if (!InetOption.Known.Contains(option.Name) && !(opening && option.Name == "backlog"))
                return Posix.Einval;
            InetResult<TcpSocketOptions>? result = (option.Name, option.Value) switch
            {
                ("active", ActiveMode mode) => next.WithActive(mode),
                ("active", bool b) => next with { Active = b ? ActiveMode.True : ActiveMode.False },
                ("packet", PacketType p) => next with { Packet = p },
                ("packet", int n) when ParsePacket(n) is { } p => next with { Packet = p },
                ("packet", "raw") => next with { Packet = PacketType.Raw },
                ("packet", "line") => next with { Packet = PacketType.Line },
                ("packet_size", int n) when n >= 0 => next with { PacketSize = n },
                ("line_delimiter", int c) when c is >= 0 and <= 255 => next with { LineDelimiter = (byte)c },
                ("line_delimiter", char c) when c <= 255 => next with { LineDelimiter = (byte)c },
                ("header", int n) when n >= 0 => next with { Header = n },
                ("nodelay", bool b) => next with { NoDelay = b },
                ("delay_send", bool b) => next with { DelaySend = b },
                ("keepalive", bool b) => next with { KeepAlive = b },
                ("linger", ValueTuple<bool, int> l) when l.Item2 >= 0 => next with { Linger = l },
                ("send_timeout", int ms) when ms >= 0 => next with { SendTimeout = TimeSpan.FromMilliseconds(ms) },
                ("send_timeout", "infinity") => next with { SendTimeout = null },
                ("send_timeout", TimeSpan t) when t >= TimeSpan.Zero => next with { SendTimeout = t == Timeout.InfiniteTimeSpan ? null : t },
                ("send_timeout_close", bool b) => next with { SendTimeoutClose = b },
                // inet_drv keeps low <= high: a high below low pulls low down, a low above high pushes high up.
                ("high_watermark", int n) when n >= 0 => next with { HighWatermark = n, LowWatermark = Math.Min(next.LowWatermark, n) },
                ("low_watermark", int n) when n >= 0 => next with { LowWatermark = n, HighWatermark = Math.Max(next.HighWatermark, n) },
                ("exit_on_close", bool b) => next with { ExitOnClose = b },
                ("show_econnreset", bool b) => next with { ShowEconnreset = b },
                ("recbuf", int n) when n > 0 => next with { RecBuf = n },
                ("sndbuf", int n) when n > 0 => next with { SndBuf = n },
                ("reuseaddr", bool b) => next with { ReuseAddr = b },
                ("tos", int n) when n is >= 0 and <= 255 => next with { Tos = n },
                ("buffer", int n) when n > 0 => next with { Buffer = n },
                ("backlog", int n) when n > 0 => next with { Backlog = n },
                ("ip", InetAddress a) when opening => next with { Address = a },
                // inet6 asks for the IPv6 wildcard unless {ip, Address} named an address already.
                ("family", InetFamily f) when opening => next with
                {
                    Address = f == InetFamily.Inet6 && next.Address == InetAddress.Any ? InetAddress.Ipv6Any
                        : f == InetFamily.Inet && next.Address == InetAddress.Ipv6Any ? InetAddress.Any : next.Address,
                },
                // Data is always delivered as bytes: binary is the only mode there is.
                ("mode", "binary") => next,
                ("deliver", "term") => next,
                var (name, _) when !Supported.Contains(name) && name != "backlog" => next,
                _ => (InetResult<TcpSocketOptions>?)null,
            };
            if (result is not { IsOk: true } ok)
                return Posix.Einval;
            next = ok.Value;
        }
        return next;
    }

    private static PacketType? ParsePacket(int n) => n switch
    {
        0 => PacketType.Raw,
        1 => PacketType.One,
        2 => PacketType.Two,
        4 => PacketType.Four,
        _ => null,
    };

    private InetResult<TcpSocketOptions> WithActive(ActiveMode mode) =>
        Active.Then(mode) is { IsOk: true } next ? this with { Active = next.Value } : Posix.Einval;

    /// <summary>The value getopts reports for a supported name, in the form Apply takes it.</summary>
    public object Get(string name) => name switch
    {
        "active" => Active,
        "buffer" => Buffer,
        "delay_send" => DelaySend,
        "deliver" => "term",
        "exit_on_close" => ExitOnClose,
        "header" => Header,
        "high_watermark" => HighWatermark,
        "keepalive" => KeepAlive,
        "linger" => Linger,
        "line_delimiter" => (int)LineDelimiter,
        "low_watermark" => LowWatermark,
        "mode" => "binary",
        "nodelay" => NoDelay,
        "packet" => Packet switch
        {
            PacketType.Raw => 0,
            PacketType.One => 1,
            PacketType.Two => 2,
            PacketType.Four => 4,
            _ => "line",
        },
        "packet_size" => PacketSize,
        "recbuf" => ReceiveBufferSize,
        "reuseaddr" => ReuseAddr,
        "send_timeout" => SendTimeout is { } t ? (int)t.TotalMilliseconds : "infinity",
        "send_timeout_close" => SendTimeoutClose,
        "show_econnreset" => ShowEconnreset,
        "sndbuf" => SendBufferSize,
        "tos" => Tos,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a TCP socket option"),
    };
}
