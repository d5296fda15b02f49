using System.Buffers.Binary;

namespace Enet.Codecs.Capture;

/// <summary>
/// Reads a pcapng file (draft-ietf-opsawg-pcapng): one or more sections, each a Section Header Block
/// that fixes the byte order, Interface Description Blocks, and packet blocks (enhanced, simple and the
/// obsolete packet block). Other blocks are skipped by their length.
/// </summary>
public sealed class PcapngReader : ICaptureReader
{
    /// <summary>draft-ietf-opsawg-pcapng 4.1: the SHB type reads the same in both byte orders.</summary>
    internal const uint SectionHeaderType = 0x0A0D0D0A;

    internal const uint ByteOrderMagic = 0x1A2B3C4D;

    private const uint InterfaceDescriptionType = 1, PacketType = 2, SimplePacketType = 3, EnhancedPacketType = 6;

    /// <summary>No real block comes near this; a longer length field is a lie, not a reason to allocate.</summary>
    private const int MaxBlockLength = 16 * 1024 * 1024;

    private readonly CaptureInput _input;
    private readonly List<PcapngInterface> _interfaces = [];
    private byte[] _block = new byte[4096];
    private bool _inSection;
    private bool _bigEndian;
    private DecodeError? _error;
    private bool _ended;

    public PcapngReader(Stream stream, bool leaveOpen = false)
        : this(new CaptureInput(stream, leaveOpen))
    {
    }

    internal PcapngReader(CaptureInput input) => _input = input;

    public bool TryReadNext(out CapturedPacket packet, out DecodeError? error)
    {
        packet = default;
        error = _error;
        if (_error is not null || _ended)
            return false;
        // Every turn consumes a whole block of at least 12 bytes, so the loop ends with the file.
        while (true)
        {
            var blockOffset = _input.Position;
            var found = ReadBlock(blockOffset, out var type, out var body);
            if (found is { } blockError)
                return Fail(out error, blockError);
            if (_ended)
                return false;
            var result = type switch
            {
                SectionHeaderType => ReadSectionHeader(blockOffset, body),
                InterfaceDescriptionType => ReadInterfaceDescription(blockOffset, body),
                EnhancedPacketType => ReadEnhancedPacket(blockOffset, body, out packet),
                SimplePacketType => ReadSimplePacket(blockOffset, body, out packet),
                PacketType => ReadObsoletePacket(blockOffset, body, out packet),
                _ => null,
            };
            if (result is { } bodyError)
                return Fail(out error, bodyError);
            if (type is EnhancedPacketType or SimplePacketType or PacketType)
                return true;
        }
    }

    public void Dispose() => _input.Dispose();

    /// <summary>
    /// Reads one block: type, total length, body, and the repeated total length (draft 3.1). At the end of
    /// the file returns no error, type 0 and sets <see cref="_ended"/>.
    /// </summary>
    private DecodeError? ReadBlock(long offset, out uint type, out ReadOnlySpan<byte> body)
    {
        type = 0;
        body = default;
        // Type, length and the next 4 bytes: the SHB's byte-order magic, or a bodiless block's trailer.
        Span<byte> head = stackalloc byte[12];
        var read = _input.Read(head);
        if (read == 0 && _inSection)
        {
            _ended = true;
            return null;
        }
        if (read < head.Length)
            return DecodeError.Truncated(Layer.Pcapng, Offset(offset), head.Length, read);
        type = BinaryPrimitives.ReadUInt32LittleEndian(head);
        if (type == SectionHeaderType)
        {
            var magic = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
            if (magic != ByteOrderMagic && magic != BinaryPrimitives.ReverseEndianness(ByteOrderMagic))
                return new DecodeError(Layer.Pcapng, Offset(offset + 8), $"bad byte-order magic 0x{magic:x8}");
            _bigEndian = magic != ByteOrderMagic;
        }
        else if (!_inSection)
            return new DecodeError(Layer.Pcapng, Offset(offset), $"block type 0x{type:x8} before any section header");
        else
            type = ReadUInt32(head);
        var length = ReadUInt32(head[4..]);
        var minimum = type == SectionHeaderType ? 28u : 12u;
        if (length < minimum || length % 4 != 0 || length > MaxBlockLength)
            return new DecodeError(Layer.Pcapng, Offset(offset + 4),
                $"block total length {length} is not a multiple of 4 between {minimum} and {MaxBlockLength}");
        // The buffer holds everything after the length field: body and trailing length.
        var rest = (int)length - 8;
        if (_block.Length < rest)
            _block = new byte[Math.Max(rest, _block.Length * 2)];
        head[8..].CopyTo(_block);
        read = 4 + _input.Read(_block.AsSpan(4, rest - 4));
        if (read < rest)
            return DecodeError.Truncated(Layer.Pcapng, Offset(offset), (int)length, 8 + read);
        var trailer = ReadUInt32(_block.AsSpan(rest - 4));
        if (trailer != length)
            return new DecodeError(Layer.Pcapng, Offset(offset + length - 4),
                $"trailing block length {trailer} differs from {length}");
        body = _block.AsSpan(0, rest - 4);
        return null;
    }

    /// <summary>draft 4.1: a new section resets the byte order (done in <see cref="ReadBlock"/>) and the interfaces.</summary>
    private DecodeError? ReadSectionHeader(long offset, ReadOnlySpan<byte> body)
    {
        var major = ReadUInt16(body[4..]);
        if (major != 1)
            return new DecodeError(Layer.Pcapng, Offset(offset + 12), $"unsupported pcapng version {major}");
        _interfaces.Clear();
        _inSection = true;
        return null;
    }

    /// <summary>draft 4.2: link type, reserved, snaplen, then options; if_tsresol (9) and if_tsoffset (14) matter here.</summary>
    private DecodeError? ReadInterfaceDescription(long offset, ReadOnlySpan<byte> body)
    {
        if (body.Length < 8)
            return DecodeError.Truncated(Layer.Pcapng, Offset(offset + 8), 8, body.Length);
        byte resolution = 6;
        long offsetSeconds = 0;
        var options = body[8..];
        var optionOffset = offset + 16;
        // draft 3.5: code, length, value padded to 4; opt_endofopt or the end of the body stops the walk.
        while (options.Length >= 4)
        {
            var code = ReadUInt16(options);
            var length = ReadUInt16(options[2..]);
            if (code == 0)
                break;
            var padded = (length + 3) & ~3;
            if (4 + padded > options.Length)
                return new DecodeError(Layer.Pcapng, Offset(optionOffset), $"option {code} of {length} bytes overruns its block");
            if (code == 9 && length == 1)
                resolution = options[4];
            else if (code == 14 && length == 8)
                offsetSeconds = (long)ReadUInt64(options[4..]);
            options = options[(4 + padded)..];
            optionOffset += 4 + padded;
        }
        _interfaces.Add(new PcapngInterface((LinkType)ReadUInt16(body), ReadUInt32(body[4..]), resolution, offsetSeconds));
        return null;
    }

    /// <summary>draft 4.3: interface id, 64-bit timestamp, captured and original length, data padded to 4.</summary>
    private DecodeError? ReadEnhancedPacket(long offset, ReadOnlySpan<byte> body, out CapturedPacket packet)
    {
        packet = default;
        if (body.Length < 20)
            return DecodeError.Truncated(Layer.Pcapng, Offset(offset + 8), 20, body.Length);
        return ReadPacket(offset, ReadUInt32(body), body[4..], 20, body, out packet);
    }

    /// <summary>Appendix A: the obsolete Packet Block has a 16-bit interface id and a 16-bit drops count.</summary>
    private DecodeError? ReadObsoletePacket(long offset, ReadOnlySpan<byte> body, out CapturedPacket packet)
    {
        packet = default;
        if (body.Length < 20)
            return DecodeError.Truncated(Layer.Pcapng, Offset(offset + 8), 20, body.Length);
        return ReadPacket(offset, ReadUInt16(body), body[4..], 20, body, out packet);
    }

    /// <summary>
    /// draft 4.4: no interface id or timestamp; the packet belongs to the first interface and holds
    /// min(original length, snaplen) bytes.
    /// </summary>
    private DecodeError? ReadSimplePacket(long offset, ReadOnlySpan<byte> body, out CapturedPacket packet)
    {
        packet = default;
        if (body.Length < 4)
            return DecodeError.Truncated(Layer.Pcapng, Offset(offset + 8), 4, body.Length);
        if (_interfaces.Count == 0)
            return new DecodeError(Layer.Pcapng, Offset(offset), "simple packet block before any interface description");
        var face = _interfaces[0];
        var original = ReadUInt32(body);
        var captured = (int)Math.Min(original, (uint)(body.Length - 4));
        if (face.SnapLength != 0)
            captured = (int)Math.Min((uint)captured, face.SnapLength);
        packet = new CapturedPacket(0, face.LinkType, 0, (int)Math.Min(original, int.MaxValue),
            body.Slice(4, captured).ToArray());
        return null;
    }

    /// <param name="fields">Timestamp high, low, captured length, original length.</param>
    private DecodeError? ReadPacket(long offset, uint interfaceId, ReadOnlySpan<byte> fields, int dataStart,
        ReadOnlySpan<byte> body, out CapturedPacket packet)
    {
        packet = default;
        if (interfaceId >= _interfaces.Count)
            return new DecodeError(Layer.Pcapng, Offset(offset + 8),
                $"interface {interfaceId} not described ({_interfaces.Count} in this section)");
        var captured = ReadUInt32(fields[8..]);
        if (captured > body.Length - dataStart)
            return new DecodeError(Layer.Pcapng, Offset(offset + 8 + 12),
                $"captured length {captured} overruns the block's {body.Length - dataStart} data bytes");
        var face = _interfaces[(int)interfaceId];
        var units = (ulong)ReadUInt32(fields) << 32 | ReadUInt32(fields[4..]);
        packet = new CapturedPacket(face.ToNanoseconds(units), face.LinkType, (int)interfaceId,
            (int)Math.Min(ReadUInt32(fields[12..]), int.MaxValue), body.Slice(dataStart, (int)captured).ToArray());
        return null;
    }

    private bool Fail(out DecodeError? error, DecodeError found)
    {
        _error = found;
        error = found;
        return false;
    }

    private static int Offset(long position) => CaptureInput.Offset(position);

    private ushort ReadUInt16(ReadOnlySpan<byte> bytes) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);

    private uint ReadUInt32(ReadOnlySpan<byte> bytes) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    private ulong ReadUInt64(ReadOnlySpan<byte> bytes) =>
        _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes);
}
