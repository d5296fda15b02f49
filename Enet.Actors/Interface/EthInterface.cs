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
    private readonly EthInterfaceSettings settings;
    private readonly EthOutput output;
    private readonly Func<FrameDispatcher, Props>? readerProps;
    private readonly InterfaceCounters counters;
    private readonly FrameDispatcher bus;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private IActorRef reader = ActorRefs.Nobody;

    private EthInterface(EthInterfaceSettings settings, EthOutput output, Func<FrameDispatcher, Props>? readerProps,
        FrameDispatcher bus, InterfaceCounters counters)
    {
        this.settings = settings;
        this.output = output;
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
        var output = new EthOutput(settings.Mac, settings.Mtu, link, bus, counters);
        return ActorProps.Create(() => new EthInterface(settings, output, readerProps, bus, counters));
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

    private void Transmit(Eth.Transmit transmit)
    {
        var inArray = MemoryMarshal.TryGetArray(transmit.Payload.Memory, out var given);
        if (inArray && output.TrySendInPlace(transmit.Destination, transmit.EtherType, given.Array!, given.Offset, given.Count,
                transmit.Headroom, transmit.Pooled))
            return;
        if (!output.Send(transmit.Destination, transmit.EtherType, transmit.Payload.Span))
            log.Warning("{Interface}: {Length}-byte payload exceeds the MTU {Mtu}", settings.Name, transmit.Payload.Length, settings.Mtu);
        if (transmit.Pooled && inArray)
            FrameBuffers.Return(given.Array!);
    }

    /// <summary>A reader that fails has lost its device: restarting it here would spin on a dead file, so
    /// the failure goes up to whoever supervises the interface.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(static _ => Directive.Escalate);

    private void Up()
    {
        bus.Enabled = true;
        Common();
    }

    /// <summary>The bus drops what it receives and <see cref="EthOutput"/> what it is given while it is disabled.</summary>
    private void Down()
    {
        bus.Enabled = false;
        Common();
    }

    private void Common()
    {
        Receive<Eth.Transmit>(Transmit);
        Receive<Eth.TransmitFrame>(t => output.SendFrame(t.Frame.Span));
        Receive<Eth.Subscribe>(s =>
        {
            var subscription = bus.Subscribe(Sender, s.Classifier, s.Capacity ?? settings.SubscriberCapacity, s.FastPath);
            Context.Watch(Sender);
            Sender.Tell(new Eth.Subscribed(subscription, output), Self);
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

}
