using Enet.Actors.Hosting;

namespace Enet.Actors.Tcp;

/// <summary>The bounds and timers of a <see cref="TcpLayer"/>. The defaults follow the RFCs cited and Linux where the
/// RFCs leave a choice; <see cref="Read"/> takes them from enet.tcp in reference.conf.</summary>
public sealed record TcpSettings
{
    public static readonly TcpSettings Default = new();

    /// <summary>Connections the layer keeps, every state included; a SYN beyond it is dropped.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>RFC 9293 3.4.2: the maximum segment lifetime; TIME-WAIT lasts twice this (RFC 9293 3.6).</summary>
    public TimeSpan MaximumSegmentLifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>RFC 6298 2.1, 2.4, 2.5: initial RTO 1 s, at least 1 s, an upper bound of at least 60 s.</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MinimumRto { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaximumRto { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>RFC 1122 4.2.3.5 R2: expiries of one segment before the connection ends with etimedout (Linux's
    /// tcp_retries2 is 15, tcp_syn_retries 6).</summary>
    public int MaxRetransmissions { get; init; } = 8;

    public int MaxSynRetransmissions { get; init; } = 6;

    /// <summary>Receive buffer: the window we advertise is what is free of it (RFC 9293 3.8.6).</summary>
    public int ReceiveBuffer { get; init; } = 256 * 1024;

    public int SendBuffer { get; init; } = 256 * 1024;

    /// <summary>RFC 1122 4.2.3.2, RFC 5681 4.2: the longest an ACK waits for a second segment or data to ride on (at most
    /// 500 ms; Linux and the issue say 200 ms). Zero acknowledges every segment at once.</summary>
    public TimeSpan DelayedAckTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>RFC 7323 2: offer window scaling in our SYNs (Linux's tcp_window_scaling).</summary>
    public bool WindowScaling { get; init; } = true;

    /// <summary>Offer the timestamps option in SYNs (RFC 7323 3); used when the peer offers it too. On by default, as
    /// Linux's tcp_timestamps.</summary>
    public bool Timestamps { get; init; } = true;

    /// <summary>RFC 2018: offer SACK-permitted in our SYNs and, when both SYNs had it, send SACK blocks for data held out
    /// of order, find losses by RACK-TLP (RFC 8985) and recover them from the blocks received (RFC 6675). Linux's
    /// tcp_sack, on by default.</summary>
    public bool Sack { get; init; } = true;

    /// <summary>The congestion control a connection starts with: CUBIC (RFC 9438, Linux's default) or NewReno (RFC 5681
    /// with RFC 6582).</summary>
    public CongestionAlgorithm CongestionControl { get; init; } = CongestionAlgorithm.Cubic;

    /// <summary>HyStart++ (RFC 9406) ends CUBIC's first slow start when the round trip rises, before a loss would;
    /// Linux's tcp_cubic hystart, on by default.</summary>
    public bool HyStart { get; init; } = true;

    /// <summary>RFC 1122 4.2.3.6: with keepalive on, the idle time before the first probe ("MUST default to no less than
    /// two hours"), the interval between probes and how many go unanswered before etimedout (Linux: 75 s, 9).</summary>
    public TimeSpan KeepAliveIdle { get; init; } = TimeSpan.FromHours(2);

    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(75);

    public int KeepAliveCount { get; init; } = 9;

    /// <summary>RFC 4987 3.6: SYN cookies once a listener's SYN backlog is full (Linux's tcp_syncookies = 1).</summary>
    public SynCookieMode SynCookies { get; init; } = SynCookieMode.On;

    /// <summary>RFC 5961 7: challenge ACKs the layer sends per second, all its connections together, drawn afresh each
    /// second between half and one and a half times this (Linux's tcp_challenge_ack_limit with the randomisation of
    /// Linux 4.7, against the side channel of CVE-2016-5696).</summary>
    public int ChallengeAckLimit { get; init; } = 1000;

    /// <summary>Out-of-order pieces held per connection.</summary>
    public int MaxOutOfOrderSegments { get; init; } = 64;

    /// <summary>RFC 6335 6: the dynamic port range for active opens.</summary>
    public ushort EphemeralLow { get; init; } = 49152;

    public ushort EphemeralHigh { get; init; } = 65535;

    /// <summary>Reads enet.tcp; keys absent keep their defaults.</summary>
    public static TcpSettings Read(IConfigView config)
    {
        var s = Default;
        if (!config.HasPath("enet.tcp"))
            return s;
        var tcp = config.GetConfig("enet.tcp");
        int Int(string key, int fallback) => tcp.HasPath(key) ? tcp.GetInt(key) : fallback;
        TimeSpan Duration(string key, TimeSpan fallback) => tcp.HasPath(key) ? tcp.GetDuration(key) : fallback;
        IReadOnlyList<int> range = tcp.HasPath("ephemeral-ports") ? [.. tcp.GetStringList("ephemeral-ports").Select(int.Parse)] : [s.EphemeralLow, s.EphemeralHigh];
        if (range.Count != 2 || range[0] < 1 || range[1] > 65535 || range[0] > range[1])
            throw new FormatException($"enet.tcp.ephemeral-ports must be [low, high] within 1..65535, not [{string.Join(", ", range)}]");
        var read = s with
        {
            MaxConnections = Int("max-connections", s.MaxConnections),
            MaximumSegmentLifetime = Duration("msl", s.MaximumSegmentLifetime),
            InitialRto = Duration("rto.initial", s.InitialRto),
            MinimumRto = Duration("rto.min", s.MinimumRto),
            MaximumRto = Duration("rto.max", s.MaximumRto),
            MaxRetransmissions = Int("max-retransmissions", s.MaxRetransmissions),
            MaxSynRetransmissions = Int("max-syn-retransmissions", s.MaxSynRetransmissions),
            ReceiveBuffer = Int("recbuf", s.ReceiveBuffer),
            SendBuffer = Int("sndbuf", s.SendBuffer),
            DelayedAckTimeout = Duration("delayed-ack", s.DelayedAckTimeout),
            WindowScaling = tcp.HasPath("window-scaling") ? tcp.GetString("window-scaling") == "true" : s.WindowScaling,
            Timestamps = tcp.HasPath("timestamps") ? tcp.GetString("timestamps") == "true" : s.Timestamps,
            Sack = tcp.HasPath("sack") ? tcp.GetString("sack") == "true" : s.Sack,
            CongestionControl = tcp.HasPath("congestion-control") ? Algorithm(tcp.GetString("congestion-control")) : s.CongestionControl,
            HyStart = tcp.HasPath("hystart") ? OnOff("hystart", tcp.GetString("hystart")) : s.HyStart,
            KeepAliveIdle = Duration("keepalive.idle", s.KeepAliveIdle),
            KeepAliveInterval = Duration("keepalive.interval", s.KeepAliveInterval),
            KeepAliveCount = Int("keepalive.count", s.KeepAliveCount),
            SynCookies = tcp.HasPath("syn-cookies") ? CookieMode(tcp.GetString("syn-cookies")) : s.SynCookies,
            ChallengeAckLimit = Int("challenge-ack-limit", s.ChallengeAckLimit),
            MaxOutOfOrderSegments = Int("max-out-of-order-segments", s.MaxOutOfOrderSegments),
            EphemeralLow = (ushort)range[0],
            EphemeralHigh = (ushort)range[1],
        };
        if (read.DelayedAckTimeout > TimeSpan.FromMilliseconds(500))
            throw new FormatException($"enet.tcp.delayed-ack must be at most 500ms (RFC 1122 4.2.3.2), not {read.DelayedAckTimeout}");
        if (read.ChallengeAckLimit < 1)
            throw new FormatException($"enet.tcp.challenge-ack-limit must be at least 1, not {read.ChallengeAckLimit}");
        return read;
    }

    /// <summary>HOCON's booleans: on/off as well as true/false and yes/no.</summary>
    private static bool OnOff(string key, string value) => value switch
    {
        "on" or "true" or "yes" => true,
        "off" or "false" or "no" => false,
        _ => throw new FormatException($"enet.tcp.{key} must be on or off, not {value}"),
    };

    /// <summary>HOCON reads an unquoted on/off as the booleans true/false.</summary>
    private static SynCookieMode CookieMode(string mode) => mode switch
    {
        "on" or "true" => SynCookieMode.On,
        "off" or "false" => SynCookieMode.Off,
        "always" => SynCookieMode.Always,
        _ => throw new FormatException($"enet.tcp.syn-cookies must be on, off or always, not {mode}"),
    };

    private static CongestionAlgorithm Algorithm(string name) => name switch
    {
        "cubic" => CongestionAlgorithm.Cubic,
        "newreno" => CongestionAlgorithm.NewReno,
        _ => throw new FormatException($"enet.tcp.congestion-control must be cubic or newreno, not {name}"),
    };
}
