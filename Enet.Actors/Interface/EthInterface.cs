using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Enet.Actors.FrameBus;
using Enet.Codecs;
using Akka.Actor;
using Akka.Event;

namespace Enet.Actors.Interface;

/// <summary>
/// One Ethernet interface (ENet's enet_eth_iface): owns the frame bus its link reader publishes on, sends
/// frames to the link with its MAC as the source, and keeps `ip -s link`-style counters. The link reader is
/// its child, so a failing device fails the interface and its supervisor decides.
/// </summary>
public sealed class EthInterface : ReceiveActor
{
    /// <summary>IEEE 802.3 minimum frame, 64 bytes, less the 4-byte FCS the link adds; RFC 894 pads up to it.</summary>
    public const int MinimumFrameLength = 60;

    private readonly EthInterfaceSettings settings;
    private readonly IFrameSender link;
    private readonly Func<FrameDispatcher, Props>? readerProps;
    private readonly InterfaceCounters counters;
    private readonly FrameDispatcher bus;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private IActorRef reader = ActorRefs.Nobody;

    private EthInterface(EthInterfaceSettings settings, IFrameSender link, Func<FrameDispatcher, Props>? readerProps,
        FrameDispatcher bus, InterfaceCounters counters)
    {
        this.settings = settings;
        this.link = link;
        this.readerProps = readerProps;
        this.bus = bus;
        this.counters = counters;
        Up();
    }

    /// <summary>The bus and the counters are made here, once, not in the actor: a restarted interface keeps its
    /// link reader, its subscribers and its counts, as a NIC reset keeps the cable plugged in.</summary>
    public static Props Props(EthInterfaceSettings settings, IFrameSender link, Func<FrameDispatcher, Props>? readerProps = null)
    {
        var counters = new InterfaceCounters();
        var bus = new FrameDispatcher(settings.Name, settings.Mac, counters) { Promiscuous = settings.Promiscuous };
        return ActorProps.Create(() => new EthInterface(settings, link, readerProps, bus, counters));
    }

    protected override void PreStart()
    {
        if (!settings.DeferLinkStart)
            StartReader();
    }

    /// <summary>Keeps the reader (it owns the link) and the bus across a restart, instead of the default stop-all.</summary>
    protected override void PreRestart(Exception reason, object? message)
    {
    }

    /// <summary>A restarted interface had its link started before: it adopts the reader that kept running.</summary>
    protected override void PostRestart(Exception reason)
    {
        var running = Context.Child("reader");
        if (running.Equals(ActorRefs.Nobody))
            StartReader();
        else
            reader = Context.Watch(running);
    }

    private void StartReader()
    {
        if (readerProps is not null && reader.Equals(ActorRefs.Nobody))
            reader = Context.Watch(Context.ActorOf(readerProps(bus), "reader"));
    }

    protected override void PostStop() => bus.Close();

    /// <summary>A reader that fails has lost its device: restarting it here would spin on a dead file, so
    /// the failure goes up to whoever supervises the interface.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(static _ => Directive.Escalate);

    private void Up()
    {
        bus.Enabled = true;
        Common();
        Receive<Eth.Transmit>(t =>
        {
            if (TrySendInPlace(t))
                return;
            Send(t.Destination, t.EtherType, t.Payload.Span);
            if (t.Pooled && MemoryMarshal.TryGetArray(t.Payload.Memory, out var copied))
                FrameBuffers.Return(copied.Array!);
        });
        Receive<Eth.TransmitFrame>(t => SendFrame(t.Frame.Span));
    }

    private void Down()
    {
        bus.Enabled = false;
        Common();
        Receive<Eth.Transmit>(_ => counters.CountSendDrop());
        Receive<Eth.TransmitFrame>(_ => counters.CountSendDrop());
    }

    private void Common()
    {
        Receive<Eth.Subscribe>(s =>
        {
            var subscription = bus.Subscribe(Sender, s.Classifier, s.Capacity ?? settings.SubscriberCapacity, s.FastPath);
            Context.Watch(Sender);
            Sender.Tell(new Eth.Subscribed(subscription), Self);
        });
        Receive<Eth.Unsubscribe>(_ => bus.Unsubscribe(Sender));
        Receive<Eth.StartLink>(_ => StartReader());
        Receive<Eth.SetAdminState>(s =>
        {
            log.Info("{Interface} is {State}", settings.Name, s.Up ? "up" : "down");
            if (s.Up)
                Become(Up);
            else
                Become(Down);
        });
        Receive<Eth.GetInfo>(_ => Sender.Tell(new Eth.Info(settings.Name, settings.Mac, settings.Mtu, bus.Enabled,
            settings.Ipv4, counters.Snapshot(), bus.Subscriptions), Self));
        Receive<Terminated>(t =>
        {
            if (t.ActorRef.Equals(reader))
                log.Info("{Interface}: the link closed", settings.Name);
            else
                bus.Unsubscribe(t.ActorRef);
        });
    }

    private void Send(MacAddress destination, EtherType etherType, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > settings.Mtu)
        {
            counters.CountSendError();
            log.Warning("{Interface}: {Length}-byte payload exceeds the MTU {Mtu}", settings.Name, payload.Length, settings.Mtu);
            return;
        }
        var frame = new PooledFrame(Math.Max(MinimumFrameLength, 14 + payload.Length));
        var span = frame.Span;
        span.Clear();
        new EthernetHeader(destination, settings.Mac, etherType).Emit(span);
        payload.CopyTo(span[14..]);
        Deliver(frame);
    }

    /// <summary>A payload handed over with headroom for the Ethernet header (and, when short, room after it for the
    /// padding): the header goes in front of it and the frame to the link as it is. A pooled array goes back to
    /// <see cref="FrameBuffers"/> once the link has copied it and the bus's observers are done with it.</summary>
    private bool TrySendInPlace(Eth.Transmit transmit)
    {
        const int headerLength = 14;
        var length = Math.Max(MinimumFrameLength, headerLength + transmit.Payload.Length);
        if (transmit.Headroom < headerLength || transmit.Payload.Length > settings.Mtu ||
            !MemoryMarshal.TryGetArray(transmit.Payload.Memory, out var given) || given.Offset - headerLength + length > given.Array!.Length)
            return false;
        var frame = given.Array.AsMemory(given.Offset - headerLength, length);
        // RFC 894: a short frame is padded, with zeros here, whatever the array held after the payload.
        frame.Span[(headerLength + given.Count)..].Clear();
        // IEEE 802.3 / RFC 894: destination, source, EtherType.
        var header = frame.Span;
        transmit.Destination.Write(header);
        settings.Mac.Write(header[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(header[12..], (ushort)transmit.EtherType);
        if (link.TrySend(frame.Span))
            counters.CountSent(frame.Length);
        else
            counters.CountSendError();
        if (bus.HasObservers && transmit.Pooled)
            bus.Publish(frame, UnixNanoseconds(), FrameDirection.Sent, given.Array);
        else if (bus.HasObservers)
            bus.Publish(frame, UnixNanoseconds(), FrameDirection.Sent);
        else if (transmit.Pooled)
            FrameBuffers.Return(given.Array);
        return true;
    }

    private void SendFrame(ReadOnlySpan<byte> bytes)
    {
        var frame = new PooledFrame(bytes.Length);
        bytes.CopyTo(frame.Span);
        Deliver(frame);
    }

    private void Deliver(PooledFrame frame)
    {
        if (link.TrySend(frame.Span))
            counters.CountSent(frame.Length);
        else
            counters.CountSendError();
        if (bus.HasObservers)
            bus.Publish(frame.Memory, UnixNanoseconds(), FrameDirection.Sent, frame);
        else
            frame.Dispose();
    }

    private static long UnixNanoseconds() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
}
