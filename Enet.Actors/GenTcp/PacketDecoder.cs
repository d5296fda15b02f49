using System.Buffers.Binary;

namespace Enet.Actors.GenTcp;

/// <summary>
/// The receive side of <c>{packet, ...}</c> (inet(3)): bytes from the stream go in as they arrive, whole packets come
/// out with their header stripped; a segment boundary means nothing. The type may change between packets, as
/// inet:setopts allows. A packet never exceeds <see cref="MaxPacket"/> (packet_size, or <see cref="Limit"/> when that
/// is 0), so one header cannot make the socket buffer without bound.
/// </summary>
public sealed class PacketDecoder
{
    /// <summary>The bound on one packet's body when packet_size is 0 ("no limit" in inet(3)).</summary>
    public const int Limit = 64 * 1024 * 1024;

    private byte[] buffer = new byte[256];
    private int start;

    public PacketDecoder(PacketType type = PacketType.Raw, int packetSize = 0, int lineLength = 1460, byte lineDelimiter = (byte)'\n')
    {
        Type = type;
        PacketSize = packetSize;
        LineLength = lineLength;
        LineDelimiter = lineDelimiter;
    }

    public PacketType Type { get; set; }

    /// <summary>packet_size: the largest body a header may announce; 0 for <see cref="Limit"/>.</summary>
    public int PacketSize { get; set; }

    /// <summary>For line: a line longer than this (the larger of buffer and packet_size) is cut and delivered in
    /// pieces of this length (inet(3): "lines longer than the receive buffer are truncated").</summary>
    public int LineLength { get; set; }

    /// <summary>For line: the byte that ends a line (inet(3) {line_delimiter, Char}, default $\n).</summary>
    public byte LineDelimiter { get; set; }

    /// <summary>Bytes received and not yet taken.</summary>
    public int Buffered { get; private set; }

    private int MaxPacket => PacketSize > 0 ? PacketSize : Limit;

    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
            return;
        if (start + Buffered + data.Length > buffer.Length)
        {
            var needed = Buffered + data.Length;
            if (needed > buffer.Length / 2)
                Array.Resize(ref buffer, Math.Max(buffer.Length * 2, needed));
            Buffer.BlockCopy(buffer, start, buffer, 0, Buffered);
            start = 0;
        }
        data.CopyTo(buffer.AsSpan(start + Buffered));
        Buffered += data.Length;
    }

    /// <summary>The next packet by the current type: its body in <paramref name="packet"/>, and in
    /// <paramref name="wireLength"/> the bytes it took from the stream (header included, as getstat counts them).
    /// For raw, everything buffered (at least a byte).</summary>
    public PacketResult TryTake(out byte[] packet, out int wireLength)
    {
        packet = [];
        wireLength = 0;
        var view = buffer.AsSpan(start, Buffered);
        switch (Type)
        {
            case PacketType.Raw:
                if (Buffered == 0)
                    return PacketResult.NeedMore;
                packet = Take(0, Buffered);
                wireLength = packet.Length;
                return PacketResult.Packet;
            case PacketType.Line:
                var end = view[..Math.Min(view.Length, LineLength)].IndexOf(LineDelimiter);
                // The delimiter stays in the line, as inet_drv delivers it.
                var length = end >= 0 ? end + 1 : view.Length >= LineLength ? LineLength : -1;
                if (length < 0)
                    return PacketResult.NeedMore;
                packet = Take(0, length);
                wireLength = length;
                return PacketResult.Packet;
            default:
                var header = PacketFraming.HeaderLength(Type);
                if (Buffered < header)
                    return PacketResult.NeedMore;
                long body = Type switch
                {
                    PacketType.One => view[0],
                    PacketType.Two => BinaryPrimitives.ReadUInt16BigEndian(view),
                    _ => BinaryPrimitives.ReadUInt32BigEndian(view),
                };
                if (body > MaxPacket)
                    return PacketResult.TooLarge;
                if (Buffered < header + body)
                    return PacketResult.NeedMore;
                packet = Take(header, (int)body);
                wireLength = header + (int)body;
                return PacketResult.Packet;
        }
    }

    /// <summary>Raw recv(S, Length): exactly <paramref name="length"/> bytes once that many are buffered.</summary>
    public bool TryTakeExactly(int length, out byte[] data)
    {
        if (Buffered < length)
        {
            data = [];
            return false;
        }
        data = Take(0, length);
        return true;
    }

    public void Clear()
    {
        start = 0;
        Buffered = 0;
    }

    /// <summary>Copies <paramref name="length"/> bytes after <paramref name="skip"/> out, and drops both.</summary>
    private byte[] Take(int skip, int length)
    {
        var taken = buffer.AsSpan(start + skip, length).ToArray();
        start += skip + length;
        Buffered -= skip + length;
        if (Buffered == 0)
            start = 0;
        return taken;
    }
}
