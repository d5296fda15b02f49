namespace Enet.Codecs.Frames;

/// <summary>The protocol names tools filter frames by (`enet decode --protocol`, enet_dump's filter), each tested
/// against the decoded layer of that name.</summary>
public static class FrameLayers
{
    public static IReadOnlyDictionary<string, Func<Frame, bool>> ByName { get; } = new Dictionary<string, Func<Frame, bool>>
    {
        ["arp"] = f => f.Arp is not null,
        ["ipv4"] = f => f.Ipv4 is not null,
        ["ipv6"] = f => f.Ipv6 is not null,
        ["icmp"] = f => f.Icmpv4 is not null,
        ["icmpv6"] = f => f.Icmpv6 is not null,
        ["tcp"] = f => f.Tcp is not null,
        ["udp"] = f => f.Udp is not null,
    };
}
