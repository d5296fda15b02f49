using System.Buffers.Binary;

namespace Enet.Codecs.Capture;

/// <summary>
/// Reads a classic pcap file (pcap-savefile(5)): a 24-byte file header in the writer's byte order, then
/// records of a 16-byte header and the captured bytes. Accepts the microsecond and nanosecond magic
/// numbers in both byte orders, and the modified ("Kuznetzov") format whose record header is 24 bytes.
/// </summary>
public sealed class PcapReader : ICaptureReader
{
    /// <summary>pcap-savefile(5): the magic numbers, as read little-endian.</summary>
    internal const uint MicrosecondMagic = 0xA1B2C3D4, NanosecondMagic = 0xA1B23C4D, ModifiedMagic = 0xA1B2CD34;

    private const int FileHeaderLength = 24;

    /// <summary>A record may exceed the snapshot length a little (some writers do) but a length field
    /// cannot make the reader allocate more than this beyond it.</summary>
    private const int RecordSlack = 256 * 1024;

    private const int MaxSnapLength = 16 * 1024 * 1024;

    private readonly CaptureInput _input;
    private readonly int _recordHeaderLength;
    private readonly int _maxRecordLength;
    private DecodeError? _error;
    private bool _ended;

    public PcapReader(Stream stream, bool leaveOpen = false)
        : this(new CaptureInput(stream, leaveOpen))
    {
    }

    internal PcapReader(CaptureInput input)
    {
        _input = input;
        Span<byte> header = stackalloc byte[FileHeaderLength];
        var read = input.Read(header);
        if (read < FileHeaderLength)
        {
            _error = DecodeError.Truncated(Layer.Pcap, 0, FileHeaderLength, read);
            return;
        }
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        IsBigEndian = magic is not (MicrosecondMagic or NanosecondMagic or ModifiedMagic);
        switch (IsBigEndian ? BinaryPrimitives.ReverseEndianness(magic) : magic)
        {
            case MicrosecondMagic:
                Resolution = PcapTimestampResolution.Microseconds;
                _recordHeaderLength = 16;
                break;
            case NanosecondMagic:
                Resolution = PcapTimestampResolution.Nanoseconds;
                _recordHeaderLength = 16;
                break;
            case ModifiedMagic:
                // The modified format appends ifindex, protocol, pkt_type and a pad byte: 8 more bytes.
                Resolution = PcapTimestampResolution.Microseconds;
                _recordHeaderLength = 24;
                break;
            default:
                _error = new DecodeError(Layer.Pcap, 0, $"not a pcap file: magic 0x{magic:x8}");
                return;
        }
        var major = ReadUInt16(header[4..]);
        if (major != 2)
        {
            _error = new DecodeError(Layer.Pcap, 4, $"unsupported pcap version {major}.{ReadUInt16(header[6..])}");
            return;
        }
        SnapLength = ReadUInt32(header[16..]);
        // pcap-savefile(5): LinkType is the low 16 bits; the upper bits carry the FCS length.
        LinkType = (LinkType)(ReadUInt32(header[20..]) & 0xFFFF);
        _maxRecordLength = (int)Math.Min(SnapLength, MaxSnapLength) + RecordSlack;
    }

    public bool IsBigEndian { get; }

    public PcapTimestampResolution Resolution { get; }

    /// <summary>The file's snapshot length: the most bytes a record should hold.</summary>
    public uint SnapLength { get; }

    public LinkType LinkType { get; }

    public bool TryReadNext(out CapturedPacket packet, out DecodeError? error)
    {
        packet = default;
        error = _error;
        if (_error is not null || _ended)
            return false;
        var recordOffset = _input.Position;
        Span<byte> header = stackalloc byte[_recordHeaderLength];
        var read = _input.Read(header);
        if (read == 0)
        {
            _ended = true;
            return false;
        }
        if (read < header.Length)
            return Fail(out error, DecodeError.Truncated(Layer.Pcap, CaptureInput.Offset(recordOffset), header.Length, read));
        var seconds = ReadUInt32(header);
        var fraction = ReadUInt32(header[4..]);
        var includedLength = ReadUInt32(header[8..]);
        var originalLength = ReadUInt32(header[12..]);
        if (includedLength > _maxRecordLength)
            return Fail(out error, new DecodeError(Layer.Pcap, CaptureInput.Offset(recordOffset + 8),
                $"incl_len {includedLength} exceeds snaplen {SnapLength} by more than {RecordSlack}"));
        var data = new byte[includedLength];
        read = _input.Read(data);
        if (read < data.Length)
            return Fail(out error, DecodeError.Truncated(Layer.Pcap, CaptureInput.Offset(recordOffset),
                header.Length + data.Length, header.Length + read));
        var nanoseconds = Resolution == PcapTimestampResolution.Nanoseconds ? fraction : fraction * 1000L;
        packet = new CapturedPacket(seconds * 1_000_000_000L + nanoseconds, LinkType, 0,
            (int)Math.Min(originalLength, int.MaxValue), data);
        return true;
    }

    public void Dispose() => _input.Dispose();

    private bool Fail(out DecodeError? error, DecodeError found)
    {
        _error = found;
        error = found;
        return false;
    }

    private ushort ReadUInt16(ReadOnlySpan<byte> bytes) =>
        IsBigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);

    private uint ReadUInt32(ReadOnlySpan<byte> bytes) =>
        IsBigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
}
