using System.Buffers.Binary;

namespace Enet.Tests.Codecs.Capture;

/// <summary>Builds capture files by hand, field by field, in either byte order.</summary>
internal sealed class CaptureBytes(bool bigEndian)
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public CaptureBytes U16(int value)
    {
        Span<byte> b = stackalloc byte[2];
        if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)value);
        else BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value);
        return Raw(b);
    }

    public CaptureBytes U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, value);
        else BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return Raw(b);
    }

    public CaptureBytes U64(ulong value) =>
        bigEndian ? U32((uint)(value >> 32)).U32((uint)value) : U32((uint)value).U32((uint)(value >> 32));

    public CaptureBytes Raw(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
            _bytes.Add(b);
        return this;
    }

    /// <summary>A pcapng block (draft-ietf-opsawg-pcapng 3.1): type, length, body padded to 4, length.</summary>
    public CaptureBytes Block(uint type, Action<CaptureBytes> body)
    {
        var inner = new CaptureBytes(bigEndian);
        body(inner);
        while (inner.Length % 4 != 0)
            inner._bytes.Add(0);
        var length = (uint)inner.Length + 12;
        return U32(type).U32(length).Raw(inner.ToArray()).U32(length);
    }

    /// <summary>A pcapng option (draft 3.5), padded to 4.</summary>
    public CaptureBytes Option(int code, ReadOnlySpan<byte> value)
    {
        U16(code).U16(value.Length).Raw(value);
        for (var i = value.Length; i % 4 != 0; i++)
            _bytes.Add(0);
        return this;
    }

    public CaptureBytes SectionHeader() =>
        Block(0x0A0D0D0A, b => b.U32(0x1A2B3C4D).U16(1).U16(0).U64(ulong.MaxValue));

    public CaptureBytes InterfaceDescription(int linkType, uint snapLength, byte? tsresol = null) =>
        Block(1, b =>
        {
            b.U16(linkType).U16(0).U32(snapLength);
            if (tsresol is { } r)
                b.Option(9, [r]).Option(0, []);
        });

    public CaptureBytes EnhancedPacket(uint interfaceId, ulong timestamp, byte[] data, uint? originalLength = null) =>
        Block(6, b => b.U32(interfaceId).U32((uint)(timestamp >> 32)).U32((uint)timestamp)
            .U32((uint)data.Length).U32(originalLength ?? (uint)data.Length).Raw(data));

    public byte[] ToArray() => [.. _bytes];
}
