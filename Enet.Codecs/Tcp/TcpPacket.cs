using System.Buffers.Binary;

namespace Enet.Codecs;

/// <summary>
/// A zero-copy view of a TCP segment (RFC 9293 3.1). <see cref="TryParse"/> checks the data offset against the
/// buffer and walks the options once, so reading a truncated segment's header or options cannot go out of range
/// (PacketDotNet's IndexOutOfRange on truncated TCP, dotpcap/packetnet#18). The caller trims the view to the IP
/// payload.
/// </summary>
public readonly ref struct TcpPacket
{
    private static class Field
    {
        public static readonly Range SourcePort = 0..2;
        public static readonly Range DestinationPort = 2..4;
        public static readonly Range SequenceNumber = 4..8;
        public static readonly Range AcknowledgmentNumber = 8..12;
        public const int DataOffset = 12;
        public static readonly Range Flags = 12..14;
        public static readonly Range Window = 14..16;
        public static readonly Range Checksum = 16..18;
        public static readonly Range UrgentPointer = 18..20;
        public const int Options = 20;
    }

    public const int MinimumHeaderLength = 20;

    private readonly ReadOnlySpan<byte> _bytes;

    private TcpPacket(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    public static bool TryParse(ReadOnlySpan<byte> bytes, out TcpPacket packet, out DecodeError error)
    {
        packet = default;
        if (bytes.Length < MinimumHeaderLength)
        {
            error = DecodeError.Truncated(Layer.Tcp, 0, MinimumHeaderLength, bytes.Length);
            return false;
        }
        var headerLength = (bytes[Field.DataOffset] >> 4) * 4;
        if (headerLength < MinimumHeaderLength)
        {
            // RFC 9293 3.1: the data offset counts 32-bit words of header, at least 5.
            error = new DecodeError(Layer.Tcp, Field.DataOffset, $"data offset {headerLength / 4} is less than 5");
            return false;
        }
        if (headerLength > bytes.Length)
        {
            error = DecodeError.Truncated(Layer.Tcp, Field.DataOffset, headerLength, bytes.Length);
            return false;
        }
        // RFC 9293 3.2: check every option once here, so later walks over a parsed packet cannot fail.
        if (!TcpOptionReader.IsWellFormed(bytes[Field.Options..headerLength]))
        {
            var options = new TcpOptionReader(bytes[Field.Options..headerLength]);
            while (options.TryRead(out _))
            {
            }
            error = options.Error!.Value.Shift(Field.Options);
            return false;
        }
        error = default;
        packet = new TcpPacket(bytes);
        return true;
    }

    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(_bytes[Field.SourcePort]);

    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(_bytes[Field.DestinationPort]);

    public uint SequenceNumber => BinaryPrimitives.ReadUInt32BigEndian(_bytes[Field.SequenceNumber]);

    public uint AcknowledgmentNumber => BinaryPrimitives.ReadUInt32BigEndian(_bytes[Field.AcknowledgmentNumber]);

    /// <summary>Header length in 32-bit words.</summary>
    public byte DataOffset => (byte)(_bytes[Field.DataOffset] >> 4);

    public int HeaderLength => DataOffset * 4;

    /// <summary>Control bits, ECN bits and the reserved bits, as sent.</summary>
    public TcpFlags Flags => (TcpFlags)(BinaryPrimitives.ReadUInt16BigEndian(_bytes[Field.Flags]) & 0x0FFF);

    public ushort Window => BinaryPrimitives.ReadUInt16BigEndian(_bytes[Field.Window]);

    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_bytes[Field.Checksum]);

    public ushort UrgentPointer => BinaryPrimitives.ReadUInt16BigEndian(_bytes[Field.UrgentPointer]);

    /// <summary>The options area: bytes 20..<see cref="HeaderLength"/>, options and padding.</summary>
    public ReadOnlySpan<byte> Options => _bytes[Field.Options..HeaderLength];

    /// <summary>An allocation-free walk over <see cref="Options"/>, already known to be well formed.</summary>
    public TcpOptionReader ReadOptions() => new(Options);

    public ReadOnlySpan<byte> Payload => _bytes[HeaderLength..];

    /// <summary>RFC 9293 3.1: the checksum covers the pseudo-header, the header and the payload.</summary>
    public ChecksumStatus VerifyChecksum(uint pseudoHeaderSum) =>
        InternetChecksum.Finish(InternetChecksum.Add(pseudoHeaderSum, _bytes)) == 0 ? ChecksumStatus.Good : ChecksumStatus.Bad;
}
