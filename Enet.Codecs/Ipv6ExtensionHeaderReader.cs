namespace Enet.Codecs;

/// <summary>
/// Walks the extension headers an <see cref="Ipv6Packet"/> has already validated, without allocating:
/// <c>while (reader.MoveNext()) { reader.Kind ... }</c>.
/// </summary>
public ref struct Ipv6ExtensionHeaderReader
{
    private ReadOnlySpan<byte> remaining;
    private IpProtocol next;

    internal Ipv6ExtensionHeaderReader(ReadOnlySpan<byte> chain, IpProtocol first, int offset)
    {
        remaining = chain;
        next = first;
        Offset = offset;
        Header = default;
    }

    /// <summary>Which extension header this is (the next-header value that named it).</summary>
    public IpProtocol Kind { get; private set; }

    /// <summary>Where the current header starts, relative to the IPv6 packet.</summary>
    public int Offset { get; private set; }

    /// <summary>The whole current header, its next-header byte included.</summary>
    public ReadOnlySpan<byte> Header { get; private set; }

    public IpProtocol NextHeader => (IpProtocol)Header[0];

    public bool MoveNext()
    {
        Offset += Header.Length;
        if (remaining.IsEmpty)
        {
            Header = default;
            return false;
        }
        Kind = next;
        Header = remaining[..Ipv6Packet.ExtensionHeaderLength(Kind, remaining)];
        remaining = remaining[Header.Length..];
        next = (IpProtocol)Header[0];
        return true;
    }
}
