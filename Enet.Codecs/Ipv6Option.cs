namespace Enet.Codecs;

/// <summary>One type-length-value option of a hop-by-hop or destination options header (RFC 8200 4.2).
/// Pad1 (type 0) has no length byte and no data; every other type, PadN included, is kept raw.</summary>
public readonly record struct Ipv6Option(byte Type, Bytes Data)
{
    public const byte Pad1 = 0;
    public const byte PadN = 1;

    public bool IsPadding => Type is Pad1 or PadN;

    /// <summary>The bytes it takes in the header.</summary>
    public int Length => Type == Pad1 ? 1 : 2 + Data.Length;
}
