using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Enet.Codecs.Capture;

/// <summary>
/// Writes a little-endian pcapng file (draft-ietf-opsawg-pcapng): one Section Header Block naming
/// "enet" as shb_userappl, an Interface Description Block per <see cref="AddInterface"/> with if_name and
/// if_tsresol = 9 (nanoseconds), and an Enhanced Packet Block per packet, each block in one write.
/// </summary>
public sealed class PcapngWriter : IDisposable
{
    private const uint InterfaceDescriptionType = 1, EnhancedPacketType = 6;
    private const ushort EndOfOptions = 0, ShbUserApplication = 4, IfName = 2, IfTimestampResolution = 9;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly List<(LinkType LinkType, int SnapLength)> _interfaces = [];

    public PcapngWriter(Stream stream, bool leaveOpen = false)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        // draft 4.1: byte-order magic, version 1.0, section length -1 (not known in advance), options.
        var length = 12 + 4 + 8 + OptionLength("enet"u8.Length) + 4 + 4;
        WriteBlock(PcapngReader.SectionHeaderType, length, (block, _) =>
        {
            BinaryPrimitives.WriteUInt32LittleEndian(block, PcapngReader.ByteOrderMagic);
            BinaryPrimitives.WriteUInt16LittleEndian(block[4..], 1);
            BinaryPrimitives.WriteUInt16LittleEndian(block[6..], 0);
            BinaryPrimitives.WriteInt64LittleEndian(block[8..], -1);
            var at = 16 + WriteOption(block[16..], ShbUserApplication, "enet"u8);
            WriteOption(block[at..], EndOfOptions, []);
        });
    }

    /// <summary>Describes an interface (draft 4.2) and returns its id for <see cref="Write(int, long, ReadOnlySpan{byte}, int)"/>.</summary>
    /// <param name="snapLength">The most bytes kept per packet, or 0 for no limit.</param>
    public int AddInterface(LinkType linkType, string name, int snapLength = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(snapLength);
        if ((uint)linkType > 0xFFFF)
            throw new ArgumentOutOfRangeException(nameof(linkType), "an IDB keeps the link type in 16 bits");
        var nameBytes = Encoding.UTF8.GetBytes(name);
        if (nameBytes.Length > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(name), "an option value holds at most 65535 bytes");
        var length = 8 + 8 + OptionLength(nameBytes.Length) + OptionLength(1) + 4 + 4;
        WriteBlock(InterfaceDescriptionType, length, (block, _) =>
        {
            BinaryPrimitives.WriteUInt16LittleEndian(block, (ushort)linkType);
            BinaryPrimitives.WriteUInt16LittleEndian(block[2..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(block[4..], (uint)snapLength);
            var at = 8 + WriteOption(block[8..], IfName, nameBytes);
            at += WriteOption(block[at..], IfTimestampResolution, [9]);
            WriteOption(block[at..], EndOfOptions, []);
        });
        _interfaces.Add((linkType, snapLength));
        return _interfaces.Count - 1;
    }

    /// <summary>Writes a packet on the interface it names, which must have been added with the same link type.</summary>
    public void Write(in CapturedPacket packet)
    {
        CheckInterface(packet.InterfaceId);
        if (_interfaces[packet.InterfaceId].LinkType != packet.LinkType)
            throw new ArgumentException($"interface {packet.InterfaceId} is {_interfaces[packet.InterfaceId].LinkType}, not {packet.LinkType}", nameof(packet));
        Write(packet.InterfaceId, packet.TimestampNanoseconds, packet.Data.Span, packet.OriginalLength);
    }

    /// <param name="originalLength">The length on the wire, or -1 for the frame's length.</param>
    public void Write(int interfaceId, long timestampNanoseconds, ReadOnlySpan<byte> frame, int originalLength = -1)
    {
        CheckInterface(interfaceId);
        ArgumentOutOfRangeException.ThrowIfNegative(timestampNanoseconds);
        var snapLength = _interfaces[interfaceId].SnapLength;
        var included = snapLength == 0 ? frame : frame[..Math.Min(frame.Length, snapLength)];
        if (originalLength < 0)
            originalLength = frame.Length;
        // draft 4.3: interface id, timestamp high and low words, captured and original length, padded data.
        var length = 8 + 20 + Pad(included.Length) + 4;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var block = buffer.AsSpan(0, length);
            block.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(block, EnhancedPacketType);
            BinaryPrimitives.WriteUInt32LittleEndian(block[4..], (uint)length);
            BinaryPrimitives.WriteUInt32LittleEndian(block[8..], (uint)interfaceId);
            BinaryPrimitives.WriteUInt32LittleEndian(block[12..], (uint)((ulong)timestampNanoseconds >> 32));
            BinaryPrimitives.WriteUInt32LittleEndian(block[16..], (uint)timestampNanoseconds);
            BinaryPrimitives.WriteUInt32LittleEndian(block[20..], (uint)included.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(block[24..], (uint)originalLength);
            included.CopyTo(block[28..]);
            BinaryPrimitives.WriteUInt32LittleEndian(block[^4..], (uint)length);
            _stream.Write(block);
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

    private void CheckInterface(int interfaceId)
    {
        if ((uint)interfaceId >= (uint)_interfaces.Count)
            throw new ArgumentOutOfRangeException(nameof(interfaceId), $"interface {interfaceId} was not added");
    }

    /// <summary>Writes a whole small block: type, length, the body <paramref name="fill"/> writes, length again.</summary>
    private void WriteBlock(uint type, int length, SpanAction<byte, object?> fill)
    {
        var block = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(block, type);
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(4), (uint)length);
        fill(block.AsSpan(8, length - 12), null);
        BinaryPrimitives.WriteUInt32LittleEndian(block.AsSpan(length - 4), (uint)length);
        _stream.Write(block);
    }

    /// <summary>draft 3.5: code, length, value, zero padding to 4 bytes. Returns the bytes written.</summary>
    private static int WriteOption(Span<byte> destination, ushort code, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, code);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], (ushort)value.Length);
        value.CopyTo(destination[4..]);
        return OptionLength(value.Length);
    }

    private static int OptionLength(int valueLength) => 4 + Pad(valueLength);

    private static int Pad(int length) => (length + 3) & ~3;
}
