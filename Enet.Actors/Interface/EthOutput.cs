using System.Buffers.Binary;
using Enet.Actors.FrameBus;
using Enet.Codecs;

namespace Enet.Actors.Interface;

/// <summary>
/// An interface's send side: puts the Ethernet header on, hands the frame to the link, counts it and shows it to the
/// bus's observers. Thread-safe (the links copy or queue on the caller's thread, the counters are interlocked), so the
/// fast paths send on their own thread: an echo reply is written on the link reader's, a TCP segment on its
/// connection's, without a hop through the interface actor, which uses the same object for what it is told.
/// </summary>
public sealed class EthOutput
{
    /// <summary>IEEE 802.3 minimum frame, 64 bytes, less the 4-byte FCS the link adds; RFC 894 pads up to it.</summary>
    public const int MinimumFrameLength = 60;

    private const int HeaderLength = 14;

    private readonly MacAddress mac;
    private readonly int mtu;
    private readonly IFrameSender link;
    private readonly FrameDispatcher bus;
    private readonly InterfaceCounters counters;

    internal EthOutput(MacAddress mac, int mtu, IFrameSender link, FrameDispatcher bus, InterfaceCounters counters)
    {
        this.mac = mac;
        this.mtu = mtu;
        this.link = link;
        this.bus = bus;
        this.counters = counters;
    }

    /// <summary>Sends <paramref name="payload"/> (the bytes of <paramref name="array"/> from <paramref name="offset"/>),
    /// with <paramref name="headroom"/> bytes in front of it for the Ethernet header: the header goes there and the frame
    /// to the link without a copy. A <paramref name="pooled"/> array goes back to <see cref="FrameBuffers"/> once the link
    /// and the bus's observers are done with it. False, with nothing sent and the array still the caller's, when it does
    /// not fit that way (no headroom, no room for the padding, longer than the MTU).</summary>
    public bool TrySendInPlace(MacAddress destination, EtherType etherType, byte[] array, int offset, int length, int headroom, bool pooled)
    {
        var frameLength = Math.Max(MinimumFrameLength, HeaderLength + length);
        if (headroom < HeaderLength || length > mtu || offset - HeaderLength + frameLength > array.Length)
            return false;
        var frame = array.AsMemory(offset - HeaderLength, frameLength);
        if (!bus.Enabled)
            Drop(pooled ? array : null);
        else
        {
            // RFC 894: a short frame is padded, with zeros here, whatever the array held after the payload.
            frame.Span[(HeaderLength + length)..].Clear();
            WriteHeader(frame.Span, destination, etherType);
            Deliver(frame, pooled ? array : null);
        }
        return true;
    }

    /// <summary>Sends <paramref name="payload"/> to <paramref name="destination"/> in a frame of its own (a copy); false
    /// (counted as an error) when it is longer than the MTU.</summary>
    public bool Send(MacAddress destination, EtherType etherType, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > mtu)
        {
            counters.CountSendError();
            return false;
        }
        var length = Math.Max(MinimumFrameLength, HeaderLength + payload.Length);
        var array = FrameBuffers.Rent(length);
        var frame = array.AsSpan(0, length);
        frame.Clear();
        WriteHeader(frame, destination, etherType);
        payload.CopyTo(frame[HeaderLength..]);
        SendOwned(array, length);
        return true;
    }

    /// <summary>Sends a whole frame as given (a replay, a test's crafted frame), copied.</summary>
    public void SendFrame(ReadOnlySpan<byte> bytes)
    {
        var array = FrameBuffers.Rent(bytes.Length);
        bytes.CopyTo(array);
        SendOwned(array, bytes.Length);
    }

    private void SendOwned(byte[] array, int length)
    {
        if (bus.Enabled)
            Deliver(array.AsMemory(0, length), array);
        else
            Drop(array);
    }

    // IEEE 802.3 / RFC 894: destination, source, EtherType.
    private void WriteHeader(Span<byte> frame, MacAddress destination, EtherType etherType)
    {
        destination.Write(frame);
        mac.Write(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], (ushort)etherType);
    }

    private void Deliver(ReadOnlyMemory<byte> frame, byte[]? pooled)
    {
        if (link.TrySend(frame.Span))
            counters.CountSent(frame.Length);
        else
            counters.CountSendError();
        if (!bus.HasObservers)
            Return(pooled);
        else if (pooled is not null)
            bus.Publish(frame, UnixNanoseconds(), FrameDirection.Sent, pooled);
        else
            bus.Publish(frame, UnixNanoseconds(), FrameDirection.Sent);
    }

    /// <summary>An interface that is down (`ip link set down`) drops what it is given, and counts it.</summary>
    private void Drop(byte[]? pooled)
    {
        counters.CountSendDrop();
        Return(pooled);
    }

    private static void Return(byte[]? pooled)
    {
        if (pooled is not null)
            FrameBuffers.Return(pooled);
    }

    private static long UnixNanoseconds() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
}
