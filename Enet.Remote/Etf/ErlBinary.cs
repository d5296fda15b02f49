using System.Runtime.InteropServices;

namespace Enet.Remote.Etf;

/// <summary>
/// A binary (BINARY_EXT) or a bitstring (BIT_BINARY_EXT) whose last byte holds only
/// <see cref="TailBits"/> significant bits, the high ones; the unused low bits are zero.
/// </summary>
/// <remarks>
/// The bytes are held, not copied, like an Erlang refc binary: a large binary received over distribution is
/// a slice of the packet it came in, and one being sent is written to the socket from where it lies. Terms
/// are immutable, so whoever built a binary over an array must not change that array afterwards.
/// </remarks>
public sealed class ErlBinary : Term
{
    /// <summary>A binary over <paramref name="bytes"/>; for a bitstring the unused low bits of the last byte are cleared in place.</summary>
    public ErlBinary(byte[] bytes, int tailBits = 8)
        : this((ReadOnlyMemory<byte>)(bytes ?? throw new ArgumentNullException(nameof(bytes))), tailBits, clearUnusedBits: true)
    {
    }

    /// <summary>A binary over <paramref name="bytes"/>, which are not copied (nor changed: unused bits must already be zero).</summary>
    public ErlBinary(ReadOnlyMemory<byte> bytes, int tailBits = 8)
        : this(bytes, tailBits, clearUnusedBits: false)
    {
    }

    private ErlBinary(ReadOnlyMemory<byte> bytes, int tailBits, bool clearUnusedBits)
    {
        if (bytes.Length == 0 ? tailBits != 8 : tailBits is < 1 or > 8)
            throw new ArgumentOutOfRangeException(nameof(tailBits), "1..8 significant bits in the last byte; 8 for an empty binary");
        if (tailBits < 8)
        {
            var mask = (byte)(0xFF << (8 - tailBits));
            if (clearUnusedBits)
                MemoryMarshal.AsMemory(bytes).Span[^1] &= mask;
            else if ((bytes.Span[^1] & ~mask) != 0)
                throw new ArgumentException("the unused low bits of a bitstring's last byte must be zero", nameof(bytes));
        }
        Bytes = bytes;
        TailBits = tailBits;
    }

    public ReadOnlyMemory<byte> Bytes { get; }

    public int TailBits { get; }

    public bool IsBitstring => TailBits != 8;

    /// <summary>The bytes as an array: the array they lie in when they fill it, else a copy.</summary>
    public byte[] ToArray() =>
        MemoryMarshal.TryGetArray(Bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : Bytes.ToArray();

    public override bool Equals(Term? other) =>
        other is ErlBinary b && b.TailBits == TailBits && b.Bytes.Span.SequenceEqual(Bytes.Span);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Bytes.Span);
        hash.Add(TailBits);
        return hash.ToHashCode();
    }

    public override string ToString()
    {
        var bytes = Bytes.Span;
        var parts = new string[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
            parts[i] = i == bytes.Length - 1 && IsBitstring
                ? $"{bytes[i] >> (8 - TailBits)}:{TailBits}"
                : bytes[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return "<<" + string.Join(",", parts) + ">>";
    }
}
