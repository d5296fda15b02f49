using System.Buffers.Binary;

namespace Enet.Codecs;

/// <summary>
/// A zero-copy view of an ICMPv6 message (RFC 4443 2.1). For the NDP types (RFC 4861 4) <see cref="TryParse"/>
/// also checks the fixed part's length and walks the options once, so a malformed ND packet, which a node
/// must discard (RFC 4861 6.1, 7.1), is a decode error. The caller trims the view to the IPv6 payload.
/// </summary>
public readonly ref struct Icmpv6Packet
{
    private static class Field
    {
        public const int Type = 0;
        public const int Code = 1;
        public static readonly Range Checksum = 2..4;
        public static readonly Range RestOfHeader = 4..8;
        public static readonly Range Identifier = 4..6;
        public static readonly Range SequenceNumber = 6..8;
        public const int Body = 8;
    }

    public const int HeaderLength = 8;

    private readonly ReadOnlySpan<byte> _bytes;

    private Icmpv6Packet(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    public static bool TryParse(ReadOnlySpan<byte> bytes, out Icmpv6Packet packet, out DecodeError error)
    {
        packet = default;
        if (bytes.Length < HeaderLength)
        {
            error = DecodeError.Truncated(Layer.Icmpv6, 0, HeaderLength, bytes.Length);
            return false;
        }
        var fixedBody = NdpFixedBodyLength((Icmpv6Type)bytes[Field.Type]);
        if (fixedBody >= 0)
        {
            var needed = HeaderLength + fixedBody;
            if (bytes.Length < needed)
            {
                error = DecodeError.Truncated(Layer.Icmpv6, 0, needed, bytes.Length);
                return false;
            }
            if (!NdpOptionWalk.Validate(bytes[needed..], needed, out error))
                return false;
        }
        error = default;
        packet = new Icmpv6Packet(bytes);
        return true;
    }

    /// <summary>Bytes between the 8-byte header and the options of an ND message (RFC 4861 4.1-4.5); -1 for
    /// other types.</summary>
    internal static int NdpFixedBodyLength(Icmpv6Type type) => type switch
    {
        Icmpv6Type.RouterSolicitation => 0,
        Icmpv6Type.RouterAdvertisement => 8,
        Icmpv6Type.NeighborSolicitation or Icmpv6Type.NeighborAdvertisement => Ipv6Address.Length,
        Icmpv6Type.Redirect => 2 * Ipv6Address.Length,
        _ => -1,
    };

    public Icmpv6Type Type => (Icmpv6Type)_bytes[Field.Type];

    public byte Code => _bytes[Field.Code];

    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_bytes[Field.Checksum]);

    public uint RestOfHeader => BinaryPrimitives.ReadUInt32BigEndian(_bytes[Field.RestOfHeader]);

    public ushort Identifier => BinaryPrimitives.ReadUInt16BigEndian(_bytes[Field.Identifier]);

    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_bytes[Field.SequenceNumber]);

    /// <summary>The 32-bit MTU of a packet too big message (RFC 4443 3.2).</summary>
    public uint Mtu => RestOfHeader;

    /// <summary>Everything after the first 8 bytes.</summary>
    public ReadOnlySpan<byte> Body => _bytes[Field.Body..];

    public bool IsNdp => NdpFixedBodyLength(Type) >= 0;

    /// <summary>The (already validated) NDP options, empty for other types.</summary>
    public ReadOnlySpan<byte> NdpOptions => IsNdp ? Body[NdpFixedBodyLength(Type)..] : [];

    /// <summary>RFC 4443 2.3: the checksum covers the IPv6 pseudo-header (RFC 8200 8.1) and the whole message.</summary>
    public ChecksumStatus VerifyChecksum(uint pseudoHeaderSum) =>
        InternetChecksum.Finish(InternetChecksum.Add(pseudoHeaderSum, _bytes)) == 0 ? ChecksumStatus.Good : ChecksumStatus.Bad;
}
