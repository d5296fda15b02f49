using System.Net;
using System.Net.Sockets;
using Enet.Configuration;

namespace Enet.Remote;

/// <summary>
/// How a node starts (kernel_app / net_kernel parameters as a plain record; <see cref="FromConfig"/> reads
/// them from <c>enet.remote</c>).
/// <see cref="Name"/> is <c>alive@host</c>, or just <c>alive</c> for <c>alive@localhost</c>;
/// <see cref="ShortNodeName(string)"/> and <see cref="LongNodeName"/> give the names <c>erl -sname</c> and
/// <c>erl -name</c> would take. A null
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

    /// <summary>
    /// kernel net_setuptime: how long a connection may take from connect (or accept) to the end of the handshake;
    /// a peer that sends nothing, or stops halfway, is dropped then. Enet's default is 10 s (erl's 7 s).
    /// </summary>
    public TimeSpan SetupTime
    {
        get;
        init => field = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(SetupTime), value, "must be positive");
    } = TimeSpan.FromSeconds(10);

    public int EpmdPort { get; init; } = EnvironmentEpmdPort();

    public bool Hidden { get; init; } = true;

    /// <summary>Node names, host names or <c>"alive@"</c> prefixes; null lets any node with the cookie in.</summary>
    public IReadOnlyList<string>? Allow { get; init; }

    /// <summary>The distribution listen port range (inet_dist_listen_min/max); 0..0 picks any free port.</summary>
    public int ListenPortMin { get; init; }

    public int ListenPortMax { get; init; }

    /// <summary>
    /// The address the distribution listener binds (kernel's <c>inet_dist_use_interface</c>); null binds the
    /// loopback address for a <c>localhost</c> node and every interface otherwise, as erl binds every interface.
    /// IPv4 only: erl's default distribution carrier, inet_tcp, connects over IPv4.
    /// </summary>
    public IPAddress? ListenAddress
    {
        get;
        init => field = value is null or { AddressFamily: AddressFamily.InterNetwork }
            ? value
            : throw new ArgumentException($"{value} is not an IPv4 address; erl's inet_tcp distribution connects over IPv4");
    }

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
    /// <c>enet.remote { node-name, cookie, epmd-port, net-ticktime, net-setuptime, hidden, allow, dist-auto-connect,
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
            SetupTime = remote.GetDuration("net-setuptime"),
            Hidden = remote.GetBoolean("hidden"),
            Allow = allow.Count == 0 ? null : allow,
            DistBufBusyLimit = BusyLimit(remote.GetBytes("dist-buf-busy-limit")),
            AutoConnect = Enum.TryParse<DistAutoConnect>(autoConnect, ignoreCase: true, out var mode) && !int.TryParse(autoConnect, out _)
                ? mode
                : throw new ConfigException(null, $"enet.remote.dist-auto-connect: {autoConnect} is none of always, once, never"),
        };
    }

    /// <summary>
    /// The node name <c>erl -sname Name</c> takes (kernel net_kernel:create_hostpart/2 with shortnames):
    /// <c>alive@host</c> as given when the host has no dot, <c>alive</c> alone completed with the machine's host
    /// name up to its first dot (inet:gethostname/0), which is what peers started with <c>-sname</c> write.
    /// </summary>
    /// <exception cref="ArgumentException">The alive part is not erl's <c>[0-9A-Za-z_-]+</c>, or the host has a dot.</exception>
    public static string ShortNodeName(string name) => ShortNodeName(name, Dns.GetHostName());

    internal static string ShortNodeName(string name, string machineHostName)
    {
        ArgumentNullException.ThrowIfNull(name);
        var (alive, host) = SplitGivenName(name);
        host ??= machineHostName.Split('.')[0];
        // create_hostpart/2 answers {error, short} here; erl prints "Can't set short node name!".
        if (host.Contains('.', StringComparison.Ordinal))
            throw new ArgumentException($"{name}: a short node name's host has no dots (erl -sname); use a long name for {host}");
        return alive + "@" + ValidHost(name, host);
    }

    /// <summary>
    /// The node name <c>erl -name alive@host</c> takes (net_kernel:create_hostpart/2 with longnames): the host
    /// verbatim, dots or not, as long as it is printable Latin-1 without spaces.
    /// </summary>
    /// <exception cref="ArgumentException">No host, or the alive part is not erl's <c>[0-9A-Za-z_-]+</c>.</exception>
    public static string LongNodeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var (alive, host) = SplitGivenName(name);
        // erl -name alive appends the resolver's domain (inet_db's domain option), which many machines lack (erl then
        // fails with "Can't set long node name!"); a long name here always says its host.
        return alive + "@" + ValidHost(name, host ?? throw new ArgumentException($"{name}: a long node name is alive@host"));
    }

    /// <summary>
    /// The alive part, checked as net_kernel's valid_name_head/1 does, and the host part; <c>alive@</c> counts as
    /// no host, as in create_hostpart/2 (its host clauses need a character after the @).
    /// </summary>
    private static (string Alive, string? Host) SplitGivenName(string name)
    {
        var at = name.IndexOf('@', StringComparison.Ordinal);
        var alive = at < 0 ? name : name[..at];
        if (alive.Length == 0 || !alive.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            throw new ArgumentException($"{name}: a node name's alive part is letters, digits, _ and - (erl's valid_name_head)");
        return (alive, at < 0 || at == name.Length - 1 ? null : name[(at + 1)..]);
    }

    /// <summary>net_kernel's validate_hostname/1: characters from '!' to 'ÿ'.</summary>
    private static string ValidHost(string name, string host) => host.All(c => c is >= '!' and <= '\u00FF')
        ? host
        : throw new ArgumentException($"{name}: a node name's host is printable Latin-1 without spaces (erl's validate_hostname)");

    private static long BusyLimit(long bytes) => bytes is >= MinBusyLimit and <= MaxBusyLimit
        ? bytes
        : throw new ConfigException(null, $"enet.remote.dist-buf-busy-limit: {bytes} bytes is outside 1KiB..2097151KiB (erl +zdbbl)");

    private static int EnvironmentEpmdPort() =>
        int.TryParse(Environment.GetEnvironmentVariable("ERL_EPMD_PORT"), out var port) ? port : Epmd.EpmdRequest.DefaultPort;
}
