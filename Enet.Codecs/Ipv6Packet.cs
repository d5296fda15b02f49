using System.Buffers.Binary;

namespace Enet.Codecs;

/// <summary>
/// A zero-copy view of an IPv6 header (RFC 8200 3) with its extension-header chain walked and checked up
/// to the upper-layer header (RFC 8200 4). A payload length beyond the buffer is not an error (snaplen
/// truncation, see <see cref="IsTruncated"/>), but every extension header must fit in what was captured.
/// Jumbograms (RFC 2675), which Linux BIG TCP sends, take their length from the hop-by-hop Jumbo Payload option.
/// </summary>
public readonly ref struct Ipv6Packet
{
    public const int HeaderLength = 40;

    /// <summary>RFC 8200 4.1 recommends at most one of each kind (destination options twice); the bound stops a
    /// chain of tiny headers from costing more than a few header reads.</summary>
    public const int MaxExtensionHeaders = 16;

    /// <summary>RFC 2675 2: the Jumbo Payload hop-by-hop option type; its data is a 32-bit length.</summary>
    public const byte JumboPayloadOption = 0xC2;

    private static class Field
    {
        public const int VersionClassFlow = 0;
        public const int PayloadLength = 4;
        public const int NextHeader = 6;
        public const int HopLimit = 7;
        public const int Source = 8;
        public const int Destination = 24;
    }

    private readonly ReadOnlySpan<byte> bytes;
    private readonly int payloadEnd;
    private readonly int upperLayerOffset;
    private readonly int fragmentHeaderOffset;
    private readonly long declaredPayloadLength;

    private Ipv6Packet(ReadOnlySpan<byte> bytes, int payloadEnd, int upperLayerOffset, IpProtocol upperLayerProtocol,
        int extensionHeaderCount, int fragmentHeaderOffset, long declaredPayloadLength)
    {
        this.bytes = bytes;
        this.payloadEnd = payloadEnd;
        this.upperLayerOffset = upperLayerOffset;
        this.fragmentHeaderOffset = fragmentHeaderOffset;
        this.declaredPayloadLength = declaredPayloadLength;
        UpperLayerProtocol = upperLayerProtocol;
        ExtensionHeaderCount = extensionHeaderCount;
    }

    public static bool TryParse(ReadOnlySpan<byte> bytes, out Ipv6Packet packet, out DecodeError error)
    {
        packet = default;
        if (bytes.Length < HeaderLength)
        {
            error = DecodeError.Truncated(Layer.Ipv6, 0, HeaderLength, bytes.Length);
            return false;
        }
        var version = bytes[Field.VersionClassFlow] >> 4;
        if (version != 6)
        {
            error = new(Layer.Ipv6, Field.VersionClassFlow, $"version is {version}, not 6");
            return false;
        }
        var next = (IpProtocol)bytes[Field.NextHeader];
        long declaredPayloadLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[Field.PayloadLength..]);
        // RFC 2675 3: a zero payload length before a hop-by-hop header announces a jumbogram; until its option is
        // read, the capture bounds the walk.
        var jumbogram = declaredPayloadLength == 0 && next == IpProtocol.HopByHop;
        var payloadEnd = jumbogram ? bytes.Length : HeaderLength + (int)Math.Min(declaredPayloadLength, bytes.Length - HeaderLength);
        var offset = HeaderLength;
        var count = 0;
        var fragmentHeaderOffset = -1;
        while (IsExtensionHeader(next))
        {
            if (next == IpProtocol.HopByHop && count > 0)
            {
                error = new(Layer.Ipv6Extension, offset, "hop-by-hop options header is not first (RFC 8200 4.1)");
                return false;
            }
            if (count == MaxExtensionHeaders)
            {
                error = new(Layer.Ipv6Extension, offset, $"more than {MaxExtensionHeaders} extension headers");
                return false;
            }
            // Every extension header is at least 8 bytes (RFC 8200 4.3-4.6, RFC 4302 2.2), so the length byte is
            // only read once the smallest header fits.
            if (payloadEnd - offset < 8)
            {
                error = DecodeError.Truncated(Layer.Ipv6Extension, offset, 8, payloadEnd - offset);
                return false;
            }
            var length = ExtensionHeaderLength(next, bytes[offset..]);
            if (payloadEnd - offset < length)
            {
                error = DecodeError.Truncated(Layer.Ipv6Extension, offset, length, payloadEnd - offset);
                return false;
            }
            if (jumbogram && count == 0)
            {
                if (ReadJumboPayloadLength(bytes.Slice(offset, length)) is not { } jumboLength)
                {
                    error = new(Layer.Ipv6, Field.PayloadLength, "payload length 0 without a Jumbo Payload option (RFC 2675 3)");
                    return false;
                }
                declaredPayloadLength = jumboLength;
                payloadEnd = HeaderLength + (int)Math.Min(jumboLength, bytes.Length - HeaderLength);
                if (payloadEnd - offset < length)
                {
                    error = DecodeError.Truncated(Layer.Ipv6Extension, offset, length, payloadEnd - offset);
                    return false;
                }
            }
            var kind = next;
            next = (IpProtocol)bytes[offset];
            count++;
            if (kind == IpProtocol.Ipv6Fragment)
                fragmentHeaderOffset = offset;
            offset += length;
            // RFC 8200 4.5: after a fragment other than the first, the rest is fragment data, not headers.
            if (kind == IpProtocol.Ipv6Fragment && Ipv6FragmentHeader.Read(bytes[fragmentHeaderOffset..]).Offset != 0)
                break;
        }
        packet = new Ipv6Packet(bytes, payloadEnd, offset, next, count, fragmentHeaderOffset, declaredPayloadLength);
        error = default;
        return true;
    }

    /// <summary>The Jumbo Payload Length of a hop-by-hop header (RFC 2675 2), or null when the header has none
    /// or its options run past it. Each step consumes at least one byte.</summary>
    private static uint? ReadJumboPayloadLength(ReadOnlySpan<byte> hopByHop)
    {
        var options = hopByHop[2..];
        while (!options.IsEmpty)
        {
            if (options[0] == Ipv6Option.Pad1)
            {
                options = options[1..];
                continue;
            }
            if (options.Length < 2 || options.Length < 2 + options[1])
                return null;
            if (options[0] == JumboPayloadOption && options[1] == sizeof(uint))
                return BinaryPrimitives.ReadUInt32BigEndian(options[2..]);
            options = options[(2 + options[1])..];
        }
        return null;
    }

    /// <summary>The next-header values this walker treats as extension headers. ESP (50) and No Next Header (59)
    /// end the chain: what follows them is encrypted or nothing.</summary>
    public static bool IsExtensionHeader(IpProtocol protocol) => protocol is IpProtocol.HopByHop or IpProtocol.Ipv6Route
        or IpProtocol.Ipv6Fragment or IpProtocol.Ipv6DestinationOptions or IpProtocol.Ah;

    /// <summary>The length of the extension header of <paramref name="kind"/> starting at <paramref name="header"/>
    /// (at least 8 bytes available).</summary>
    internal static int ExtensionHeaderLength(IpProtocol kind, ReadOnlySpan<byte> header) => kind switch
    {
        // RFC 8200 4.5: fixed size; its second byte is reserved, not a length.
        IpProtocol.Ipv6Fragment => Ipv6FragmentHeader.Length,
        // RFC 4302 2.2: AH counts 32-bit words, minus 2.
        IpProtocol.Ah => (header[1] + 2) * 4,
        // RFC 8200 4.3, 4.4, 4.6: 8-octet units, not counting the first 8 octets.
        _ => (header[1] + 1) * 8,
    };

    public int Version => bytes[Field.VersionClassFlow] >> 4;

    public byte TrafficClass => (byte)(BinaryPrimitives.ReadUInt16BigEndian(bytes) >> 4);

    public uint FlowLabel => BinaryPrimitives.ReadUInt32BigEndian(bytes) & 0xF_FFFF;

    public ushort PayloadLength => BinaryPrimitives.ReadUInt16BigEndian(bytes[Field.PayloadLength..]);

    /// <summary>The next header of the fixed header: the first extension header, or the upper layer.</summary>
    public IpProtocol NextHeader => (IpProtocol)bytes[Field.NextHeader];

    public byte HopLimit => bytes[Field.HopLimit];

    public Ipv6Address Source => Ipv6Address.Read(bytes[Field.Source..]);

    public Ipv6Address Destination => Ipv6Address.Read(bytes[Field.Destination..]);

    /// <summary>Everything after the fixed header up to the payload length (Ethernet padding dropped), extension
    /// headers included; shorter when truncated.</summary>
    public ReadOnlySpan<byte> Payload => bytes[HeaderLength..payloadEnd];

    public bool IsTruncated => HeaderLength + declaredPayloadLength > bytes.Length;

    /// <summary>The Jumbo Payload Length when this is a jumbogram (RFC 2675), else null.</summary>
    public uint? JumboPayloadLength => PayloadLength == 0 && NextHeader == IpProtocol.HopByHop ? (uint)declaredPayloadLength : null;

    public int ExtensionHeaderCount { get; }

    public int ExtensionHeadersLength => upperLayerOffset - HeaderLength;

    public Ipv6ExtensionHeaderReader ExtensionHeaders =>
        new(bytes[HeaderLength..upperLayerOffset], NextHeader, HeaderLength);

    /// <summary>The next header named by the last extension header (or the fixed header when there is none).</summary>
    public IpProtocol UpperLayerProtocol { get; }

    /// <summary>Where the upper-layer data starts, relative to the packet.</summary>
    public int UpperLayerOffset => upperLayerOffset;

    /// <summary>The bytes after the extension headers: the upper-layer header, or fragment data when
    /// <see cref="IsNonFirstFragment"/>.</summary>
    public ReadOnlySpan<byte> UpperLayerPayload => bytes[upperLayerOffset..payloadEnd];

    public Ipv6FragmentHeader? Fragment =>
        fragmentHeaderOffset < 0 ? null : Ipv6FragmentHeader.Read(bytes[fragmentHeaderOffset..]);

    public bool IsNonFirstFragment => fragmentHeaderOffset >= 0 && Ipv6FragmentHeader.Read(bytes[fragmentHeaderOffset..]).Offset != 0;
}
