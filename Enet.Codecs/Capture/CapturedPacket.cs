namespace Enet.Codecs.Capture;

/// <summary>One packet record of a capture file.</summary>
/// <param name="TimestampNanoseconds">Nanoseconds since the Unix epoch (1970-01-01T00:00:00Z).</param>
/// <param name="LinkType">What the first byte of <paramref name="Data"/> is.</param>
/// <param name="InterfaceId">The pcapng interface (IDB order within its section); 0 for classic pcap.</param>
/// <param name="OriginalLength">The length of the packet on the wire; more than
/// <c>Data.Length</c> when the capture cut it at the snapshot length.</param>
/// <param name="Data">The captured bytes. Readers give every packet its own array, so a caller may keep
/// it after reading the next packet.</param>
/// <remarks>Equality compares <paramref name="Data"/> by reference, as <see cref="ReadOnlyMemory{T}"/>
/// does; compare bytes with <c>Data.Span.SequenceEqual</c>.</remarks>
public readonly record struct CapturedPacket(
    long TimestampNanoseconds,
    LinkType LinkType,
    int InterfaceId,
    int OriginalLength,
    ReadOnlyMemory<byte> Data)
{
    /// <summary>The timestamp to the 100 ns tick that <see cref="DateTimeOffset"/> can hold.</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(TimestampNanoseconds / 100);
}
