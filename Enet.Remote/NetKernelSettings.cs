using Enet.Configuration;

namespace Enet.Remote;

/// <summary>
/// How a node starts (kernel_app / net_kernel parameters as a plain record; <see cref="FromConfig"/> reads
/// them from <c>enet.remote</c>).
/// <see cref="Name"/> is <c>alive@host</c>, or just <c>alive</c> for <c>alive@localhost</c>. A null
/// <see cref="Cookie"/> reads <c>~/.erlang.cookie</c> as erl does. <see cref="Hidden"/> defaults to true:
/// a visible node is drawn into <c>global</c> and <c>rex</c> traffic Enet does not take part in.
/// </summary>
public sealed record NetKernelSettings(string Name)
{
    // erl(1): +zdbbl takes 1..2097151 kilobytes.
    private const long MinBusyLimit = 1024;
    private const long MaxBusyLimit = 2097151L * 1024;

    public string? Cookie { get; init; }

    public TimeSpan NetTicktime { get; init; } = TimeSpan.FromSeconds(60);

    public int EpmdPort { get; init; } = EnvironmentEpmdPort();

    public bool Hidden { get; init; } = true;

    /// <summary>Node names, host names or <c>"alive@"</c> prefixes; null lets any node with the cookie in.</summary>
    public IReadOnlyList<string>? Allow { get; init; }

    /// <summary>The distribution listen port range (inet_dist_listen_min/max); 0..0 picks any free port.</summary>
    public int ListenPortMin { get; init; }

    public int ListenPortMax { get; init; }

    /// <summary>Connect on first send to an unconnected node (kernel dist_auto_connect).</summary>
    public DistAutoConnect AutoConnect { get; init; } = DistAutoConnect.Always;

    /// <summary>
    /// False for a node the host started from its configuration (erl's -sname): net_kernel:stop/0 answers
    /// <c>{error, not_allowed}</c> for it. True for one started at run time (net_kernel:start/1).
    /// </summary>
    public bool Dynamic { get; init; } = true;

    /// <summary>
    /// dist_buf_busy_limit (erl(1) <c>+zdbbl</c>, default 1024 kilobytes): the bytes one connection may queue
    /// before it is busy and senders wait until it has shrunk below the limit.
    /// </summary>
    public long DistBufBusyLimit
    {
        get;
        init => field = value is >= MinBusyLimit and <= MaxBusyLimit
            ? value
            : throw new ArgumentOutOfRangeException(nameof(DistBufBusyLimit), value, "1 KiB up to 2097151 KiB, as erl's +zdbbl");
    } = 1024 * 1024;

    /// <summary>Start an embedded EPMD when nothing listens on <see cref="EpmdPort"/>.</summary>
    public bool StartEmbeddedEpmd { get; init; } = true;

    /// <summary>
    /// <c>enet.remote { node-name, cookie, epmd-port, net-ticktime, hidden, allow, dist-auto-connect,
    /// dist-buf-busy-limit }</c>, with
    /// reference.conf supplying every key the user did not set. An unset cookie reads <c>~/.erlang.cookie</c>.
    /// </summary>
    public static NetKernelSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var remote = config.WithFallback(ConfigurationFactory.Default()).GetConfig("enet.remote");
        var autoConnect = remote.GetString("dist-auto-connect");
        var allow = remote.GetStringList("allow");
        return new NetKernelSettings(remote.GetString("node-name"))
        {
            Cookie = remote.HasPath("cookie") ? remote.GetString("cookie") : null,
            EpmdPort = remote.GetInt("epmd-port"),
            NetTicktime = remote.GetDuration("net-ticktime"),
            Hidden = remote.GetBoolean("hidden"),
            Allow = allow.Count == 0 ? null : allow,
            DistBufBusyLimit = BusyLimit(remote.GetBytes("dist-buf-busy-limit")),
            AutoConnect = Enum.TryParse<DistAutoConnect>(autoConnect, ignoreCase: true, out var mode) && !int.TryParse(autoConnect, out _)
                ? mode
                : throw new ConfigException(null, $"enet.remote.dist-auto-connect: {autoConnect} is none of always, once, never"),
        };
    }

    private static long BusyLimit(long bytes) => bytes is >= MinBusyLimit and <= MaxBusyLimit
        ? bytes
        : throw new ConfigException(null, $"enet.remote.dist-buf-busy-limit: {bytes} bytes is outside 1KiB..2097151KiB (erl +zdbbl)");

    private static int EnvironmentEpmdPort() =>
        int.TryParse(Environment.GetEnvironmentVariable("ERL_EPMD_PORT"), out var port) ? port : Epmd.EpmdRequest.DefaultPort;
}
