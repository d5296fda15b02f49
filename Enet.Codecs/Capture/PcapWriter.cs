using System.Buffers;
using System.Buffers.Binary;

namespace Enet.Codecs.Capture;

/// <summary>
/// Writes a classic pcap file (pcap-savefile(5)) in little-endian byte order. Each record goes to the
/// stream in one write, so a process tailing the file never sees half a record header.
/// </summary>
public sealed class PcapWriter : IDisposable
{
    private const int RecordHeaderLength = 16;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;

    /// <param name="snapLength">The most bytes kept per packet; longer frames are cut to it, as a
    /// capture would, and keep their full length as orig_len.</param>
    public PcapWriter(Stream stream, LinkType linkType,
        PcapTimestampResolution resolution = PcapTimestampResolution.Nanoseconds,
        int snapLength = 262144, bool leaveOpen = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(snapLength);
        if ((uint)linkType > 0xFFFF)
            throw new ArgumentOutOfRangeException(nameof(linkType), "pcap-savefile(5) keeps the link type in 16 bits");
        _stream = stream;
        _leaveOpen = leaveOpen;
        LinkType = linkType;
        Resolution = resolution;
        SnapLength = snapLength;
        Span<byte> header = stackalloc byte[24];
        var magic = resolution == PcapTimestampResolution.Nanoseconds ? PcapReader.NanosecondMagic : PcapReader.MicrosecondMagic;
        BinaryPrimitives.WriteUInt32LittleEndian(header, magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        // thiszone and sigfigs are reserved and written as 0; so are the FCS bits above the link type.
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], (uint)snapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], (uint)linkType);
        _stream.Write(header);
    }

    public LinkType LinkType { get; }

    public PcapTimestampResolution Resolution { get; }

    public int SnapLength { get; }

    /// <summary>Writes a packet read from another capture; its link type must be this file's.</summary>
    public void Write(in CapturedPacket packet)
    {
        if (packet.LinkType != LinkType)
            throw new ArgumentException($"a {LinkType} file cannot hold a {packet.LinkType} packet", nameof(packet));
        Write(packet.TimestampNanoseconds, packet.Data.Span, packet.OriginalLength);
    }

    /// <param name="timestampNanoseconds">Since the Unix epoch; a microsecond file drops the last three digits.</param>
    /// <param name="originalLength">The length on the wire, or -1 for the frame's length.</param>
    public void Write(long timestampNanoseconds, ReadOnlySpan<byte> frame, int originalLength = -1)
    {
        // ts_sec is an unsigned 32-bit count of seconds: 1970 to 2106.
        ArgumentOutOfRangeException.ThrowIfNegative(timestampNanoseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timestampNanoseconds / 1_000_000_000, uint.MaxValue);
        if (originalLength < 0)
            originalLength = frame.Length;
        var included = frame[..Math.Min(frame.Length, SnapLength)];
        var nanoseconds = timestampNanoseconds % 1_000_000_000;
        var fraction = Resolution == PcapTimestampResolution.Nanoseconds ? nanoseconds : nanoseconds / 1000;
        var length = RecordHeaderLength + included.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var record = buffer.AsSpan(0, length);
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(timestampNanoseconds / 1_000_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)fraction);
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)included.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)originalLength);
            included.CopyTo(record[RecordHeaderLength..]);
            _stream.Write(record);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Flush() => _stream.Flush();

    public void Dispose()
    {
        _stream.Flush();
        if (!_leaveOpen)
            _stream.Dispose();
    }
}
