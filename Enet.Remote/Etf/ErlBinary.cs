namespace Enet.Remote.Etf;

/// <summary>
/// A binary (BINARY_EXT) or a bitstring (BIT_BINARY_EXT) whose last byte holds only
/// <see cref="TailBits"/> significant bits, the high ones; the unused low bits are zero.
/// </summary>
public sealed class ErlBinary : Term
{
    public ErlBinary(byte[] bytes, int tailBits = 8)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0 ? tailBits != 8 : tailBits is < 1 or > 8)
            throw new ArgumentOutOfRangeException(nameof(tailBits), "1..8 significant bits in the last byte; 8 for an empty binary");
        Bytes = bytes;
        TailBits = tailBits;
        if (tailBits < 8)
            Bytes[^1] &= (byte)(0xFF << (8 - tailBits));
    }

    public byte[] Bytes { get; }

    public int TailBits { get; }

    public bool IsBitstring => TailBits != 8;

    public override bool Equals(Term? other) =>
        other is ErlBinary b && b.TailBits == TailBits && b.Bytes.AsSpan().SequenceEqual(Bytes);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Bytes);
        hash.Add(TailBits);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        "<<" + string.Join(",", Bytes.Select((b, i) => i == Bytes.Length - 1 && IsBitstring ? $"{b >> (8 - TailBits)}:{TailBits}" : b.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ">>";
}
