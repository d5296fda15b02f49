using System.Threading.Channels;

namespace Enet.Tap;

/// <summary>
/// Moves whole Ethernet frames (destination MAC through payload, no preamble or FCS) between Enet and
/// something else: a TAP device, an in-memory wire, a capture being replayed. Cross-cutting behaviour
/// (fault injection, capture) wraps a link rather than living in one, as smoltcp's `phy` middleware does.
/// </summary>
/// <remarks>
/// Ownership: every <see cref="LinkFrame"/> read from <see cref="Received"/> belongs to the reader, who
/// must <see cref="LinkFrame.Dispose"/> it exactly once when done with its bytes; the link never touches
/// it again. <see cref="TrySend"/> copies or writes the caller's bytes before it returns, so the caller
/// keeps its buffer.
/// </remarks>
public interface ILink : IDisposable
{
    /// <summary>The link's name, e.g. the TAP device name the kernel chose ("enet0").</summary>
    string Name { get; }

    /// <summary>The largest Ethernet payload (not frame) the link carries, as `ip link` reports it.</summary>
    int Mtu { get; }

    /// <summary>Sends one frame. False when the link refused it (too long, full, closed); the refusal is
    /// counted in <see cref="LinkCounters.SendDrops"/>. Never blocks for long and never throws for I/O.</summary>
    bool TrySend(ReadOnlySpan<byte> frame);

    /// <summary>Received frames in pooled buffers, bounded: when the reader falls behind, new frames are
    /// dropped and counted in <see cref="LinkCounters.ReceiveDrops"/>, as a NIC's full ring does.
    /// Completes when the link closes.</summary>
    ChannelReader<LinkFrame> Received { get; }

    /// <summary>Completes when the link closes: successfully on <see cref="IDisposable.Dispose"/> or at the
    /// end of a replayed source, faulted with an exception naming the link when the device fails or vanishes.</summary>
    Task Completion { get; }

    LinkCounters Counters { get; }
}
