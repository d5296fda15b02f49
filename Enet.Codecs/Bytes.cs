namespace Enet.Codecs;

/// <summary>
/// Raw bytes with value semantics: a <see cref="ReadOnlyMemory{T}"/> that compares, hashes and prints by
/// content. Representations hold options, extension-header data and payloads as <see cref="Bytes"/> so a
/// <c>record</c>'s generated equality compares what is on the wire, not where it is stored.
/// </summary>
/// <remarks><c>default(Bytes)</c> is the empty byte string. The wrapper does not copy: whoever builds one
/// from a buffer they later overwrite must copy first (decoders do).</remarks>
public readonly struct Bytes : IEquatable<Bytes>
{
    public static readonly Bytes Empty = default;

    public Bytes(ReadOnlyMemory<byte> memory) => Memory = memory;

    public ReadOnlyMemory<byte> Memory { get; }

    public ReadOnlySpan<byte> Span => Memory.Span;

    public int Length => Memory.Length;

    public bool IsEmpty => Memory.IsEmpty;

    /// <summary>Copies <paramref name="span"/>, so the result outlives the buffer it came from.</summary>
    public static Bytes CopyFrom(ReadOnlySpan<byte> span)
    {
        if (span.IsEmpty)
            return Empty;
        // Every byte is overwritten at once, so zeroing first (as new byte[] and ToArray do) is wasted: for a 64 kB
        // TCP super-frame that memset was a tenth of the receive path.
        var copy = GC.AllocateUninitializedArray<byte>(span.Length);
        span.CopyTo(copy);
        return new(copy);
    }

    public static implicit operator Bytes(byte[]? bytes) => new(bytes);

    public static implicit operator Bytes(ReadOnlyMemory<byte> memory) => new(memory);

    public static implicit operator ReadOnlyMemory<byte>(Bytes bytes) => bytes.Memory;

    public bool Equals(Bytes other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is Bytes other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(Bytes left, Bytes right) => left.Equals(right);

    public static bool operator !=(Bytes left, Bytes right) => !left.Equals(right);

    /// <summary>Lower-case hex, no separators: the form JSON output and test failures use.</summary>
    public override string ToString() => Convert.ToHexStringLower(Span);
}
