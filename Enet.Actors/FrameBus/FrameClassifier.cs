using Enet.Codecs;

namespace Enet.Actors.FrameBus;

/// <summary>
/// Which frames a subscriber wants. <see cref="All"/> is for observers (dumper, crtest): every frame in
/// both directions, whoever it is addressed to. The protocol classifiers only see received frames the
/// interface accepts (its own MAC, broadcast, multicast, or anything when promiscuous), as a NIC's
/// address filter would pass them up the stack.
/// </summary>
public abstract record FrameClassifier
{
    public static FrameClassifier All { get; } = new AllFrames();

    public static FrameClassifier ByEtherType(EtherType etherType) => new EtherTypeIs(etherType);

    public static FrameClassifier ByIpProtocol(IpProtocol protocol) => new IpProtocolIs(protocol);

    /// <summary>True when the frame <paramref name="header"/> heads goes to this subscriber; <paramref name="accepted"/>
    /// says the interface's address filter passed it.</summary>
    public abstract bool Matches(in FrameHeader header, bool accepted);

    private sealed record AllFrames : FrameClassifier
    {
        public override bool Matches(in FrameHeader header, bool accepted) => true;

        public override string ToString() => "all";
    }

    private sealed record EtherTypeIs(EtherType EtherType) : FrameClassifier
    {
        public override bool Matches(in FrameHeader header, bool accepted) =>
            accepted && header.Error is null && header.EtherType == EtherType;

        public override string ToString() => $"ethertype 0x{(ushort)EtherType:x4}";
    }

    private sealed record IpProtocolIs(IpProtocol Protocol) : FrameClassifier
    {
        public override bool Matches(in FrameHeader header, bool accepted) => accepted && header.IpProtocol == Protocol;

        public override string ToString() => $"ip proto {Protocol}";
    }
}
