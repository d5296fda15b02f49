using Enet.Codecs;

namespace Enet.Actors.FrameBus;

/// <summary>
/// What the bus reads of a frame, once, before anyone sees it: the Ethernet header (after any VLAN tags) and the IP
/// protocol it carries. A value, so a frame a fast path takes costs no allocation; a queued frame's
/// <see cref="BusFrame"/> carries it.
/// </summary>
public readonly struct FrameHeader
{
    private FrameHeader(DecodeError error) => Error = error;

    private FrameHeader(EthernetFrame ethernet, bool checksumVerified)
    {
        ChecksumVerified = checksumVerified;
        Destination = ethernet.Destination;
        Source = ethernet.Source;
        EtherType = ethernet.EtherType;
        NetworkOffset = ethernet.HeaderLength;
        IpProtocol = PeekIpProtocol(EtherType, ethernet.Payload);
    }

    /// <summary>The link vouches for the transport (TCP, UDP) checksum: it computed it itself, as a TAP's reader does for
    /// the checksum the kernel left to the device, so the stack need not sum the segment again.</summary>
    public bool ChecksumVerified { get; }

    /// <summary>Why the Ethernet header did not decode; null when it did.</summary>
    public DecodeError? Error { get; }

    public MacAddress Destination { get; }

    public MacAddress Source { get; }

    /// <summary>The innermost EtherType, after any VLAN tags.</summary>
    public EtherType EtherType { get; }

    /// <summary>Where the Ethernet payload (the network layer) starts.</summary>
    public int NetworkOffset { get; }

    /// <summary>The IPv4 protocol or IPv6 next header (extension headers not walked); null for other frames.</summary>
    public IpProtocol? IpProtocol { get; }

    public static FrameHeader Read(ReadOnlySpan<byte> frame, bool checksumVerified = false) =>
        EthernetFrame.TryParse(frame, out var ethernet, out var error) ? new FrameHeader(ethernet, checksumVerified) : new FrameHeader(error);

    private static IpProtocol? PeekIpProtocol(EtherType etherType, ReadOnlySpan<byte> network) => etherType switch
    {
        EtherType.Ipv4 when network.Length >= Ipv4Packet.MinHeaderLength && network[0] >> 4 == 4 => (IpProtocol)network[9],
        EtherType.Ipv6 when network.Length >= 40 && network[0] >> 4 == 6 => (IpProtocol)network[6],
        _ => null,
    };
}
