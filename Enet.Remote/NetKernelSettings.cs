namespace Enet.Remote;

/// <summary>
/// How a node starts (kernel_app / net_kernel parameters as a plain record; HOCON is wired later).
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

    /// <summary>Connect on first send to an unconnected node (dist_auto_connect once).</summary>
    public bool AutoConnect { get; init; } = true;

    /// <summary>Start an embedded EPMD when nothing listens on <see cref="EpmdPort"/>.</summary>
    public bool StartEmbeddedEpmd { get; init; } = true;

    private static int EnvironmentEpmdPort() =>
        int.TryParse(Environment.GetEnvironmentVariable("ERL_EPMD_PORT"), out var port) ? port : Epmd.EpmdRequest.DefaultPort;
}
