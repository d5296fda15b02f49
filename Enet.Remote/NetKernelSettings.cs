using Enet.Runtime.Configuration;

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

    /// <summary>Start an embedded EPMD when nothing listens on <see cref="EpmdPort"/>.</summary>
    public bool StartEmbeddedEpmd { get; init; } = true;

    /// <summary>
    /// <c>enet.remote { node-name, cookie, epmd-port, net-ticktime, hidden, allow, dist-auto-connect }</c>, with
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
            AutoConnect = Enum.TryParse<DistAutoConnect>(autoConnect, ignoreCase: true, out var mode) && !int.TryParse(autoConnect, out _)
                ? mode
                : throw new ConfigException(null, $"enet.remote.dist-auto-connect: {autoConnect} is none of always, once, never"),
        };
    }

    private static int EnvironmentEpmdPort() =>
        int.TryParse(Environment.GetEnvironmentVariable("ERL_EPMD_PORT"), out var port) ? port : Epmd.EpmdRequest.DefaultPort;
}
