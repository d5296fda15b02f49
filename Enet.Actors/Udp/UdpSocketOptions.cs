using Enet.Actors.Inet;

namespace Enet.Actors.Udp;

/// <summary>The options of one socket, as validated values. <see cref="Apply"/> checks a whole list before
/// anything changes, so a setopts that is einval leaves the socket as it was.</summary>
internal sealed record UdpSocketOptions(ActiveMode Active, int RecBuf, int SndBuf, bool Broadcast, int ReadPackets, int Buffer,
    byte? Ttl, InetAddress Address)
{
    /// <summary>The options getopts reports for a UDP socket; the other known names are left out.</summary>
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        "active", "broadcast", "buffer", "deliver", "header", "mode", "read_packets", "recbuf", "reuseaddr", "sndbuf", "ttl",
    };

    /// <summary>gen_udp's defaults: {active,true}; recbuf, sndbuf and read_packets from the layer's settings.</summary>
    public static InetResult<UdpSocketOptions> Create(UdpSettings settings, IReadOnlyList<InetOption> options)
    {
        var defaults = new UdpSocketOptions(ActiveMode.True, settings.RecBuf, settings.SndBuf, false, settings.ReadPackets, 8192, null,
            InetAddress.Any);
        var family = options.LastOrDefault(o => o.Name == "family")?.Value as InetFamily?;
        if (family == InetFamily.Inet6)
            defaults = defaults with { Address = InetAddress.Ipv6Any };
        return defaults.Apply(options, opening: true);
    }

    public InetResult<UdpSocketOptions> Apply(IReadOnlyList<InetOption> options, bool opening = false)
    {
        var next = this;
        foreach (var option in options)
        {
            if (!InetOption.Known.Contains(option.Name))
                return Posix.Einval;
            InetResult<UdpSocketOptions>? result = (option.Name, option.Value) switch
            {
                ("active", ActiveMode mode) => next.WithActive(mode),
                ("active", bool b) => next with { Active = b ? ActiveMode.True : ActiveMode.False },
                ("recbuf", int n) when n > 0 => next with { RecBuf = n },
                ("sndbuf", int n) when n > 0 => next with { SndBuf = n },
                ("buffer", int n) when n > 0 => next with { Buffer = n },
                ("broadcast", bool b) => next with { Broadcast = b },
                ("read_packets", int n) when n > 0 => next with { ReadPackets = n },
                ("ttl", int n) when n is > 0 and <= 255 => next with { Ttl = (byte)n },
                // Data is always delivered as bytes: binary is the only mode there is.
                ("mode", "binary") => next,
                ("ip", InetAddress a) when opening => next with { Address = a },
                // Create has already picked the wildcard of the family.
                ("family", InetFamily) when opening => next,
                var (name, _) when !Supported.Contains(name) && name is not ("ip" or "family") => next,
                _ => (InetResult<UdpSocketOptions>?)null,
            };
            if (result is not { IsOk: true } ok)
                return Posix.Einval;
            next = ok.Value;
        }
        return next;
    }

    private InetResult<UdpSocketOptions> WithActive(ActiveMode mode) =>
        Active.Then(mode) is { IsOk: true } next ? this with { Active = next.Value } : Posix.Einval;

    /// <summary>The value getopts reports for a supported name.</summary>
    public object Get(string name) => name switch
    {
        "active" => Active,
        "broadcast" => Broadcast,
        "buffer" => Buffer,
        "deliver" => "term",
        "header" => 0,
        "mode" => "binary",
        "read_packets" => ReadPackets,
        "recbuf" => RecBuf,
        "reuseaddr" => false,
        "sndbuf" => SndBuf,
        "ttl" => (int)(Ttl ?? 64),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a UDP socket option"),
    };
}
