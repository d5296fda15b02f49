using System.Threading.Channels;
using Akka.Actor;

namespace Enet.Tap.Remote;

/// <summary>
/// One other node on a remote segment, seen from this node: the bounded queue of frames for it and what became of
/// them (read by the sender and, at close, by whoever disposes the segment). Frames enter on the sender's thread (an interface actor's turn) without waiting; a <see cref="PeerSender"/>
/// takes them out in batches while the peer is up. While the peer is down or behind, frames wait up to
/// the queue's capacity; beyond it they are dropped and counted, as a full NIC ring drops.
/// </summary>
public sealed class RemotePeer
{
    private readonly Channel<LinkFrame> queue;
    private IActorRef sender = ActorRefs.Nobody;
    private int signalled;
    private long dropped;
    private long sent;
    private volatile bool up;

    internal RemotePeer(Address address, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Address = address;
        queue = Channel.CreateBounded<LinkFrame>(new BoundedChannelOptions(capacity) { SingleReader = false, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>The peer node's Akka address.</summary>
    public Address Address { get; }

    /// <summary>True between the peer's nodeup (its segment actor answered) and its nodedown.</summary>
    public bool IsUp => up;

    /// <summary>Frames waiting for the peer now.</summary>
    public int Queued => queue.Reader.Count;

    /// <summary>Frames dropped because the peer's queue was full (the peer slow or gone).</summary>
    public long Dropped => Volatile.Read(ref dropped);

    /// <summary>Frames handed to Akka.Remote for the peer.</summary>
    public long Sent => Volatile.Read(ref sent);

    internal ChannelReader<LinkFrame> Reader => queue.Reader;

    internal void Attach(IActorRef peerSender) => Volatile.Write(ref sender, peerSender);

    internal void SetUp(bool isUp) => up = isUp;

    internal void CountSent(int frames) => Interlocked.Add(ref sent, frames);

    /// <summary>Copies the frame into the queue, or drops and counts it; never waits.</summary>
    internal bool TryEnqueue(ReadOnlySpan<byte> frame)
    {
        var copy = LinkFrame.Copy(frame, 0);
        if (!queue.Writer.TryWrite(copy))
        {
            copy.Dispose();
            Interlocked.Increment(ref dropped);
            return false;
        }
        if (Interlocked.Exchange(ref signalled, 1) == 0)
            Volatile.Read(ref sender).Tell(PeerSender.FramesQueued.Instance, ActorRefs.NoSender);
        return true;
    }

    /// <summary>Re-arms the wake-up before the sender reads: a frame queued after this either is read or signals again.</summary>
    internal void ClearSignal() => Volatile.Write(ref signalled, 0);

    /// <summary>Gives the queued buffers back to the pool once nobody will send them.</summary>
    internal void Close()
    {
        queue.Writer.TryComplete();
        while (queue.Reader.TryRead(out var frame))
            frame.Dispose();
    }

    public override string ToString() => $"{Address} {(IsUp ? "up" : "down")}: {Sent} sent, {Queued} queued, {Dropped} dropped";
}
