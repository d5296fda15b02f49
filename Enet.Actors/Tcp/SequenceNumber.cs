namespace Enet.Actors.Tcp;

/// <summary>
/// A TCP sequence number: arithmetic modulo 2^32 (RFC 9293 3.4). Comparisons are by the signed difference, so they
/// hold across the wrap for numbers less than 2^31 apart, which the window rules guarantee (RFC 9293 3.4, "the
/// comparisons must use modulo arithmetic"; RFC 1982 serial number arithmetic).
/// </summary>
public readonly record struct SequenceNumber(uint Value) : IComparable<SequenceNumber>
{
    public static SequenceNumber operator +(SequenceNumber s, int n) => new(unchecked(s.Value + (uint)n));

    public static SequenceNumber operator -(SequenceNumber s, int n) => new(unchecked(s.Value - (uint)n));

    /// <summary>How far <paramref name="a"/> is ahead of <paramref name="b"/>, negative when behind.</summary>
    public static int operator -(SequenceNumber a, SequenceNumber b) => unchecked((int)(a.Value - b.Value));

    public static bool operator <(SequenceNumber a, SequenceNumber b) => a - b < 0;

    public static bool operator >(SequenceNumber a, SequenceNumber b) => a - b > 0;

    public static bool operator <=(SequenceNumber a, SequenceNumber b) => a - b <= 0;

    public static bool operator >=(SequenceNumber a, SequenceNumber b) => a - b >= 0;

    public int CompareTo(SequenceNumber other) => Math.Sign(this - other);

    /// <summary>low &lt;= this &lt; low + length, the half-open range RFC 9293 3.10.7.4 tests segments against.</summary>
    public bool InWindow(SequenceNumber low, int length) => length > 0 && this - low >= 0 && this - low < length;

    /// <summary>low &lt; this &lt;= high: RFC 9293 3.4's acceptable ACK test (SND.UNA &lt; SEG.ACK =&lt; SND.NXT).</summary>
    public bool After(SequenceNumber low, SequenceNumber high) => this > low && this <= high;

    public static SequenceNumber Max(SequenceNumber a, SequenceNumber b) => a >= b ? a : b;

    public static SequenceNumber Min(SequenceNumber a, SequenceNumber b) => a <= b ? a : b;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
