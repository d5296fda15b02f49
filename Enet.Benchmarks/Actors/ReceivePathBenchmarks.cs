using Enet.Actors;
using BenchmarkDotNet.Attributes;
using Enet.Actors.FrameBus;
using Enet.Actors.Hosting;
using Enet.Actors.Interface;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;

namespace Enet.Benchmarks.Actors;

/// <summary>
/// The receive path with no dumper attached, per frame: the bus alone (decode once, classify, offer, drain on
/// the same thread), and an interface on an in-memory wire (link reader, bus, a subscriber actor counting
/// UDP frames) fed in bursts the link's queue can hold, each burst waited for.
/// </summary>
[MemoryDiagnoser]
public class ReceivePathBenchmarks
{
    private const int Frames = 20_000;
    private const int Burst = 512;
    private static readonly MacAddress Ours = MacAddress.Parse("02:00:00:00:00:01");

    private readonly byte[] frame = Ipv4Frame();
    private ActorSystem system = null!;
    private LinkFactory links = null!;
    private ILink peer = null!;
    private Counter counter = null!;
    private IActorRef eth = null!;
    private ILink ethLink = null!;
    private FrameDispatcher bus = null!;
    private FrameSubscription subscription = null!;

    [GlobalSetup]
    public void Setup()
    {
        system = BenchmarkSystem.Create("bench");
        links = new LinkFactory { Wrap = (_, link) => ethLink = link };
        eth = system.ActorOf(links.InterfaceProps(new InterfaceSettings("eth0", "wire", Ours) { Device = "lan" }, Burst * 2), "eth0");
        counter = new Counter();
        system.ActorOf(ActorProps.Create(() => new CountingSubscriber(eth, counter)), "counter");
        while (eth.Ask<Eth.Info>(Eth.GetInfo.Instance).GetAwaiter().GetResult().Subscriptions.Count == 0)
            Thread.Sleep(1);
        eth.Tell(Eth.StartLink.Instance, ActorRefs.NoSender);
        peer = links.Wire("lan").Attach("peer");
        bus = new FrameDispatcher("bench0", Ours, new InterfaceCounters());
        subscription = bus.Subscribe(ActorRefs.Nobody, FrameClassifier.ByIpProtocol(IpProtocol.Udp), Burst);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        system.Terminate().Wait();
        links.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Frames)]
    public void Bus_publish_and_drain()
    {
        for (var i = 0; i < Frames; i += Burst)
        {
            for (var j = 0; j < Burst; j++)
                bus.Publish(frame, 0, FrameDirection.Received);
            subscription.Drain(_ => { }, Burst);
        }
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public void Wire_to_a_bus_subscriber()
    {
        var start = counter.Frames;
        for (var sent = Burst; sent <= Frames; sent += Burst)
        {
            for (var j = 0; j < Burst; j++)
                peer.TrySend(frame);
            // SpinUntil falls back to sleeping: BenchmarkDotNet raises this thread's priority, and a waiter that
            // only spun would take the core the actors need.
            var target = start + sent;
            if (!SpinWait.SpinUntil(() => counter.Frames >= target, TimeSpan.FromSeconds(10)))
                throw new TimeoutException($"only {counter.Frames - start} of {sent} frames reached the subscriber; {ethLink.Counters}; " +
                    string.Join("; ", eth.Ask<Eth.Info>(Eth.GetInfo.Instance).GetAwaiter().GetResult().Subscriptions));
        }
    }

    private sealed class Counter
    {
        private long frames;

        public long Frames => Volatile.Read(ref frames);

        public void Add(int count) => Interlocked.Add(ref frames, count);
    }

    /// <summary>Counts the UDP frames its interface's bus gives it.</summary>
    private sealed class CountingSubscriber : ReceiveActor
    {
        private readonly IActorRef eth;

        public CountingSubscriber(IActorRef eth, Counter counter)
        {
            this.eth = eth;
            Receive<Eth.Subscribed>(_ => { });
            Receive<FramesReady>(ready => counter.Add(ready.Subscription.Drain(_ => { })));
        }

        protected override void PreStart() => eth.Tell(new Eth.Subscribe(FrameClassifier.ByIpProtocol(IpProtocol.Udp)), Self);
    }

    private static byte[] Ipv4Frame()
    {
        var header = Ipv4Header.Create(new(10, 0, 0, 2), new(10, 0, 0, 1), IpProtocol.Udp);
        var bytes = new byte[14 + header.Length + 26];
        new EthernetHeader(Ours, MacAddress.Parse("02:00:00:00:00:02"), EtherType.Ipv4).Emit(bytes);
        header.Emit(bytes.AsSpan(14), 26);
        return bytes;
    }
}
