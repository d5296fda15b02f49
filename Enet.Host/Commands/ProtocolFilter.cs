using Enet.Codecs.Frames;

namespace Enet.Host.Commands;

/// <summary>`--protocol NAME` (repeatable): a frame passes when it carries any of the named layers; no names pass every frame.</summary>
internal sealed class ProtocolFilter(IReadOnlyCollection<string> protocols)
{
    /// <summary>The names `--protocol` accepts, each tested against the decoded layer of that name.</summary>
    public static IReadOnlyDictionary<string, Func<Frame, bool>> Layers { get; } = new Dictionary<string, Func<Frame, bool>>
    {
        ["arp"] = f => f.Arp is not null,
        ["ipv4"] = f => f.Ipv4 is not null,
        ["ipv6"] = f => f.Ipv6 is not null,
        ["icmp"] = f => f.Icmpv4 is not null,
        ["icmpv6"] = f => f.Icmpv6 is not null,
        ["tcp"] = f => f.Tcp is not null,
        ["udp"] = f => f.Udp is not null,
    };

    private readonly Func<Frame, bool>[] tests = [.. protocols.Select(p => Layers[p])];

    public bool Matches(Frame frame) => tests.Length == 0 || tests.Any(test => test(frame));
}
