using System.Runtime.CompilerServices;

namespace Enet.Codecs;

/// <summary>
/// A zero-copy view of a TCP segment (RFC 9293 3.1). <see cref="TryParse"/> checks the data offset against the
/// buffer and walks the options once, remembering where each starts, so reading a truncated segment's header or
/// options cannot go out of range (PacketDotNet's IndexOutOfRange on truncated TCP, dotpcap/packetnet#18) and
/// reading the options does not walk them again. The caller trims the view to the IP payload.
/// </summary>
public readonly ref struct TcpPacket
{
    private static class Field
    {
        public const int SourcePort = 0;
        public const int DestinationPort = 2;
        public const int SequenceNumber = 4;
        public const int AcknowledgmentNumber = 8;
        public const int DataOffset = 12;
        public const int Flags = 12;
        public const int Window = 14;
        public const int Checksum = 16;
        public const int UrgentPointer = 18;
        public const int Options = 20;
    }

    public const int MinimumHeaderLength = 20;

    private readonly ReadOnlySpan<byte> _bytes;

    // Where each option starts, from the one walk TryParse made (see TcpOptionReader), so reading the options
    // does not walk their lengths again.
    private readonly ulong _optionBounds;

    private TcpPacket(ReadOnlySpan<byte> bytes, ulong optionBounds)
    {
        _bytes = bytes;
        _optionBounds = optionBounds;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> bytes, out TcpPacket packet, out DecodeError error)
    {
        // RFC 9293 3.1: the data offset counts 32-bit words of header, at least 5. RFC 9293 3.2: every option is
        // checked once here, so later walks over a parsed packet cannot fail. Unsigned compares fold the lower and
        // upper bound of the data offset into one branch.
        if (bytes.Length >= MinimumHeaderLength)
        {
            var headerLength = (BigEndian.Byte(bytes, Field.DataOffset) >> 4) * 4;
            if ((uint)(headerLength - MinimumHeaderLength) <= (uint)(bytes.Length - MinimumHeaderLength))
            {
                var optionBounds = TcpOptionReader.Bounds(BigEndian.Slice(bytes, Field.Options, headerLength - MinimumHeaderLength));
                if (optionBounds != 0)
                {
                    error = default;
                    packet = new TcpPacket(bytes, optionBounds);
                    return true;
                }
            }
        }
        packet = default;
        error = Invalid(bytes);
        return false;
    }

    /// <summary>Why <see cref="TryParse"/> refused <paramref name="bytes"/>, out of line from the accepting path.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DecodeError Invalid(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < MinimumHeaderLength)
            return DecodeError.Truncated(Layer.Tcp, 0, MinimumHeaderLength, bytes.Length);
        var headerLength = (bytes[Field.DataOffset] >> 4) * 4;
        if (headerLength < MinimumHeaderLength)
            return new DecodeError(Layer.Tcp, Field.DataOffset, $"data offset {headerLength / 4} is less than 5");
        if (headerLength > bytes.Length)
            return DecodeError.Truncated(Layer.Tcp, Field.DataOffset, headerLength, bytes.Length);
        return TcpOptionReader.Malformed(bytes[Field.Options..headerLength], out _).Shift(Field.Options);
    }

    public ushort SourcePort => BigEndian.UInt16(_bytes, Field.SourcePort);

    public ushort DestinationPort => BigEndian.UInt16(_bytes, Field.DestinationPort);

    public uint SequenceNumber => BigEndian.UInt32(_bytes, Field.SequenceNumber);

    public uint AcknowledgmentNumber => BigEndian.UInt32(_bytes, Field.AcknowledgmentNumber);

    /// <summary>Header length in 32-bit words.</summary>
    public byte DataOffset => (byte)(BigEndian.Byte(_bytes, Field.DataOffset) >> 4);

    public int HeaderLength => DataOffset * 4;

    /// <summary>Control bits, ECN bits and the reserved bits, as sent.</summary>
    public TcpFlags Flags => (TcpFlags)(BigEndian.UInt16(_bytes, Field.Flags) & 0x0FFF);

    public ushort Window => BigEndian.UInt16(_bytes, Field.Window);

    public ushort Checksum => BigEndian.UInt16(_bytes, Field.Checksum);

    public ushort UrgentPointer => BigEndian.UInt16(_bytes, Field.UrgentPointer);

    /// <summary>The options area: bytes 20..<see cref="HeaderLength"/>, options and padding.</summary>
    public ReadOnlySpan<byte> Options => BigEndian.Slice(_bytes, Field.Options, HeaderLength - MinimumHeaderLength);

    /// <summary>An allocation-free walk over <see cref="Options"/>, checked by <see cref="TryParse"/>.</summary>
    public TcpOptionReader ReadOptions() => TcpOptionReader.Checked(Options, _optionBounds);

    public ReadOnlySpan<byte> Payload => BigEndian.Slice(_bytes, HeaderLength, _bytes.Length - HeaderLength);

    /// <summary>RFC 9293 3.1: the checksum covers the pseudo-header, the header and the payload.</summary>
    public ChecksumStatus VerifyChecksum(uint pseudoHeaderSum) =>
        InternetChecksum.Finish(InternetChecksum.Add(pseudoHeaderSum, _bytes)) == 0 ? ChecksumStatus.Good : ChecksumStatus.Bad;
}
