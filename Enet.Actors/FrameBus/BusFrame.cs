using Enet.Actors.Interface;
using Enet.Codecs;

namespace Enet.Actors.FrameBus;

/// <summary>
/// One frame on an interface's bus, decoded once by the publisher: every subscriber reads the same bytes and
/// the same header fields instead of parsing again. The bytes are borrowed: they are valid only while a
/// subscriber's handler runs (the buffer goes back to the pool when the last subscriber is done), so a
/// subscriber that keeps anything copies it.
/// </summary>
public sealed class BusFrame
{
    /// <summary>What holds the bytes: an <see cref="IDisposable"/>, or an array from <see cref="FrameBuffers"/>
    /// (given as it is, so a link's frame costs no box).</summary>
    private readonly object? owner;
    private int references = 1;

    internal BusFrame(string interfaceName, ReadOnlyMemory<byte> bytes, long timestampNanoseconds, FrameDirection direction, object? owner,
        FrameHeader header)
    {
        this.owner = owner;
        Interface = interfaceName;
        Memory = bytes;
        TimestampNanoseconds = timestampNanoseconds;
        Direction = direction;
        Header = header;
    }

    public string Interface { get; }

    public FrameDirection Direction { get; }

    /// <summary>Nanoseconds since the Unix epoch.</summary>
    public long TimestampNanoseconds { get; }

    public ReadOnlyMemory<byte> Memory { get; }

    public ReadOnlySpan<byte> Span => Memory.Span;

    public FrameHeader Header { get; }

    /// <summary>Why the Ethernet header did not decode; null when it did.</summary>
    public DecodeError? Error => Header.Error;

    public MacAddress Destination => Header.Destination;

    public MacAddress Source => Header.Source;

    /// <summary>The innermost EtherType, after any VLAN tags.</summary>
    public EtherType EtherType => Header.EtherType;

    /// <summary>Where the Ethernet payload (the network layer) starts.</summary>
    public int NetworkOffset => Header.NetworkOffset;

    public ReadOnlySpan<byte> Network => Span[NetworkOffset..];

    /// <summary>The IPv4 protocol or IPv6 next header (extension headers not walked); null for other frames.</summary>
    public IpProtocol? IpProtocol => Header.IpProtocol;

    /// <summary>Gives back what holds a frame's bytes, once nobody reads them.</summary>
    internal static void Free(object? owner)
    {
        if (owner is byte[] pooled)
            FrameBuffers.Return(pooled);
        else
            (owner as IDisposable)?.Dispose();
    }

    internal void Retain() => Interlocked.Increment(ref references);

    internal void Release()
    {
        if (Interlocked.Decrement(ref references) == 0)
            Free(owner);
    }

    public override string ToString() => Error is { } error
        ? $"{Interface} {Direction} {Memory.Length} bytes: {error}"
        : $"{Interface} {Direction} {Source} > {Destination} ethertype 0x{(ushort)EtherType:x4} length {Memory.Length}";
}
