using Enet.Actors.Interface;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.FrameBus;

/// <summary>
/// An interface's frame bus. The link reader publishes on its own thread; the bus decodes the frame once,
/// applies the interface's address filter and offers it to every matching subscription without blocking.
/// Subscribing and unsubscribing copy the subscription array, so publishing takes no lock.
/// </summary>
public sealed class FrameDispatcher
{
    private readonly Lock gate = new();
    private readonly InterfaceCounters counters;
    private FrameSubscription[] subscriptions = [];
    private volatile bool enabled = true;
    private volatile bool promiscuous;

    public FrameDispatcher(string interfaceName, MacAddress localAddress, InterfaceCounters counters)
    {
        InterfaceName = interfaceName;
        LocalAddress = localAddress;
        this.counters = counters;
    }

    public string InterfaceName { get; }

    public MacAddress LocalAddress { get; }

    /// <summary>False while the interface is down: received frames are dropped and counted.</summary>
    public bool Enabled { get => enabled; set => enabled = value; }

    /// <summary>Pass frames for other MACs up the stack too, not only to observers.</summary>
    public bool Promiscuous { get => promiscuous; set => promiscuous = value; }

    /// <summary>True when someone subscribed to <see cref="FrameClassifier.All"/>: only then are sent frames published.</summary>
    public bool HasObservers => Volatile.Read(ref subscriptions).Any(s => s.Classifier == FrameClassifier.All);

    public IReadOnlyList<FrameSubscription> Subscriptions => Volatile.Read(ref subscriptions);

    /// <summary>Adds a subscription, replacing the subscriber's earlier one with the same classifier (an
    /// actor that restarts subscribes again from PreStart). <paramref name="fastPath"/> is offered each matching frame
    /// addressed to the host on the publisher's thread first.</summary>
    public FrameSubscription Subscribe(IActorRef subscriber, FrameClassifier classifier, int capacity, IFrameFastPath? fastPath = null)
    {
        var subscription = new FrameSubscription(subscriber, classifier, capacity, fastPath);
        lock (gate)
        {
            foreach (var old in subscriptions.Where(s => s.Subscriber.Equals(subscriber) && s.Classifier == classifier))
                old.Close();
            subscriptions = [.. subscriptions.Where(s => !(s.Subscriber.Equals(subscriber) && s.Classifier == classifier)), subscription];
        }
        return subscription;
    }

    public void Unsubscribe(IActorRef subscriber)
    {
        lock (gate)
        {
            foreach (var old in subscriptions.Where(s => s.Subscriber.Equals(subscriber)))
                old.Close();
            subscriptions = [.. subscriptions.Where(s => !s.Subscriber.Equals(subscriber))];
        }
    }

    /// <summary>Publishes one frame; <paramref name="owner"/> is disposed once every subscriber is done with
    /// the bytes (at once when nobody wants the frame).</summary>
    public void Publish(ReadOnlyMemory<byte> bytes, long timestampNanoseconds, FrameDirection direction, IDisposable? owner = null) =>
        Publish(bytes, timestampNanoseconds, direction, (object?)owner);

    /// <summary>Publishes one frame whose bytes lie in <paramref name="pooled"/>, an array from
    /// <see cref="FrameBuffers"/> given back once every subscriber is done with it. <paramref name="checksumVerified"/>:
    /// the link vouches for its transport checksum (<see cref="FrameHeader.ChecksumVerified"/>).</summary>
    public void Publish(ReadOnlyMemory<byte> bytes, long timestampNanoseconds, FrameDirection direction, byte[] pooled,
        bool checksumVerified = false) =>
        Publish(bytes, timestampNanoseconds, direction, (object)pooled, checksumVerified);

    private void Publish(ReadOnlyMemory<byte> bytes, long timestampNanoseconds, FrameDirection direction, object? owner,
        bool checksumVerified = false)
    {
        if (direction == FrameDirection.Received)
        {
            if (!enabled)
            {
                counters.CountReceiveDrop();
                BusFrame.Free(owner);
                return;
            }
            counters.CountReceived(bytes.Length);
        }
        var header = FrameHeader.Read(bytes.Span, checksumVerified);
        if (header.Error is not null && direction == FrameDirection.Received)
            counters.CountReceiveError();
        var accepted = direction == FrameDirection.Received && header.Error is null && IsForUs(header.Destination);
        // Made for the first queue that takes the frame: one a fast path takes costs none. The queues get it before any
        // fast path runs: a fast path may answer at once (an echo reply), and observers must see the request first.
        BusFrame? frame = null;
        var current = Volatile.Read(ref subscriptions);
        foreach (var subscription in current)
            if (!(accepted && subscription.FastPath is not null) && subscription.Classifier.Matches(header, accepted))
                subscription.Offer(frame ??= new BusFrame(InterfaceName, bytes, timestampNanoseconds, direction, owner, header));
        if (accepted)
            foreach (var subscription in current)
                if (subscription.FastPath is { } fast && subscription.Classifier.Matches(header, accepted) &&
                    !fast.TryTake(new FrameView(header, bytes.Span)))
                    subscription.Offer(frame ??= new BusFrame(InterfaceName, bytes, timestampNanoseconds, direction, owner, header));
        if (frame is null)
            BusFrame.Free(owner);
        else
            frame.Release();
    }

    /// <summary>Ends every subscription; called when the interface stops.</summary>
    public void Close()
    {
        lock (gate)
        {
            foreach (var subscription in subscriptions)
                subscription.Close();
            subscriptions = [];
        }
    }

    // IEEE 802.3 address filtering: our unicast address, broadcast, and multicast (hosts filter groups higher up).
    private bool IsForUs(MacAddress destination) =>
        promiscuous || destination == LocalAddress || destination.IsBroadcast || destination.IsMulticast;
}
