namespace Enet.Codecs;

/// <summary>
/// Immutable bytes compared by content, so representations that carry payloads (records) compare, hash and
/// print by what the bytes say rather than by which array holds them.
/// </summary>
public readonly struct Bytes : IEquatable<Bytes>
{
    private readonly ReadOnlyMemory<byte> _memory;

    public Bytes(ReadOnlyMemory<byte> memory) => _memory = memory;

    public static Bytes Empty => default;

    public ReadOnlySpan<byte> Span => _memory.Span;

    public ReadOnlyMemory<byte> Memory => _memory;

    public int Length => _memory.Length;

    public bool IsEmpty => _memory.IsEmpty;

    /// <summary>Copies <paramref name="bytes"/>, so the value outlives the caller's (possibly pooled) buffer.</summary>
    public static Bytes CopyOf(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? Empty : new Bytes(bytes.ToArray());

    public static implicit operator Bytes(byte[] bytes) => new(bytes);

    public static implicit operator Bytes(ReadOnlyMemory<byte> memory) => new(memory);

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

    public override string ToString() => Convert.ToHexStringLower(Span);
}
