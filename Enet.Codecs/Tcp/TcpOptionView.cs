namespace Enet.Codecs;

/// <summary>One TCP option as it sits in the header (RFC 9293 3.2), read by <see cref="TcpOptionReader"/>.</summary>
public readonly ref struct TcpOptionView
{
    internal TcpOptionView(ReadOnlySpan<byte> bytes, int offset)
    {
        Bytes = bytes;
        Offset = offset;
    }

    /// <summary>The whole option: kind, then (for kinds other than 0 and 1) length and data.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>Where the option starts, relative to the first option byte.</summary>
    public int Offset { get; }

    public byte Kind => BigEndian.Byte(Bytes, 0);

    public int Length => Bytes.Length;

    /// <summary>The bytes after kind and length; empty for End of Option List and No-Operation.</summary>
    public ReadOnlySpan<byte> Data => Bytes.Length > 1 ? Bytes[2..] : [];
}
