using System.Threading.Channels;
using Akka.Actor;

namespace Enet.Actors.FrameBus;

/// <summary>
/// A subscriber's bounded queue on an interface's bus. The publisher never waits: when the queue is full the
/// frame is dropped for this subscriber only and counted, so a slow dumper cannot stall ARP or the link reader.
/// </summary>
public sealed class FrameSubscription
{
    private readonly Channel<BusFrame> queue;
    private int signalled;
    private long delivered;
    private long dropped;

    internal FrameSubscription(IActorRef subscriber, FrameClassifier classifier, int capacity, IFrameFastPath? fastPath = null)
    {
        FastPath = fastPath;
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Subscriber = subscriber;
        Classifier = classifier;
        Capacity = capacity;
        queue = Channel.CreateBounded<BusFrame>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public IActorRef Subscriber { get; }

    /// <summary>Offered each frame for the host before it is queued.</summary>
    internal IFrameFastPath? FastPath { get; }

    public FrameClassifier Classifier { get; }

    public int Capacity { get; }

    /// <summary>Frames handed to the subscriber's handler.</summary>
    public long Delivered => Volatile.Read(ref delivered);

    /// <summary>Frames waiting in the queue now.</summary>
    public int Queued => queue.Reader.Count;

    /// <summary>Frames dropped because the queue was full.</summary>
    public long Dropped => Volatile.Read(ref dropped);

    /// <summary>Runs <paramref name="handler"/> on up to <paramref name="maxFrames"/> queued frames, on the
    /// subscriber's turn; the frames' bytes are only valid during the call. Returns how many ran.</summary>
    public int Drain(Action<BusFrame> handler, int maxFrames = 64)
    {
        // Clear the flag before reading: a frame offered after this either gets read below or signals again.
        Volatile.Write(ref signalled, 0);
        var count = 0;
        try
        {
            while (count < maxFrames && queue.Reader.TryRead(out var frame))
            {
                count++;
                Interlocked.Increment(ref delivered);
                try
                {
                    handler(frame);
                }
                finally
                {
                    frame.Release();
                }
            }
        }
        finally
        {
            if (queue.Reader.Count > 0)
                Signal();
        }
        return count;
    }

    internal void Offer(BusFrame frame)
    {
        frame.Retain();
        if (!queue.Writer.TryWrite(frame))
        {
            frame.Release();
            Interlocked.Increment(ref dropped);
            return;
        }
        Signal();
    }

    /// <summary>Ends the subscription and gives back the buffers of frames nobody will read.</summary>
    internal void Close()
    {
        queue.Writer.TryComplete();
        while (queue.Reader.TryRead(out var frame))
            frame.Release();
    }

    private void Signal()
    {
        if (Interlocked.Exchange(ref signalled, 1) == 0)
            Subscriber.Tell(new FramesReady(this), ActorRefs.NoSender);
    }

    public override string ToString() => $"{Subscriber.Path} ({Classifier}): {Delivered} delivered, {Queued} queued, {Dropped} dropped";
}
