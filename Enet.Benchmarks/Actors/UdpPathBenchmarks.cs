using Enet.Actors;
using BenchmarkDotNet.Attributes;
using Enet.Actors.Hosting;
using Enet.Actors.Inet;
using Enet.Actors.Ip;
using Enet.Actors.Udp;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;

namespace Enet.Benchmarks.Actors;

/// <summary>
/// UDP per datagram. Receive: an <see cref="Ipv4.Datagram"/> handed to the UDP layer until the socket's owner has
/// its <see cref="Udp.Datagram"/> (checksum, demux, socket, owner), and the whole stack from a frame on an in-memory
/// wire to the owner. Send: <see cref="Udp.Send"/> to a socket until IP has its <see cref="Ipv4.Send"/>, and the whole
/// stack from the socket to a broadcast frame on the wire (broadcast, so no ARP is involved). Bursts the queues
/// hold, each waited for.
/// </summary>
[MemoryDiagnoser]
public class UdpPathBenchmarks
{
    private const int Datagrams = 20_000;
    private const int Burst = 256;
    private static readonly MacAddress Ours = MacAddress.Parse("02:00:00:00:00:01");
    private static readonly MacAddress Peer = MacAddress.Parse("02:00:00:00:00:02");
    private static readonly Ipv4Address OurAddress = new(10, 0, 0, 1);
    private static readonly Ipv4Address PeerAddress = new(10, 0, 0, 2);
    private static readonly byte[] Payload = new byte[64];

    private ActorSystem system = null!;
    private LinkFactory links = null!;
    private Counter owned = null!;
    private Counter sentToIp = null!;
    private IActorRef layer = null!;
    private IActorRef layerSocket = null!;
    private Ipv4.Datagram datagram = null!;
    private ILink peer = null!;
    private byte[] frame = null!;
    private IActorRef hostSocket = null!;
    private Counter hostOwned = null!;

    [GlobalSetup]
    public void Setup()
    {
        system = BenchmarkSystem.Create("bench");
        owned = new Counter();
        sentToIp = new Counter();
        var ip = system.ActorOf(ActorProps.Create(() => new CountingIp(sentToIp)), "ip");
        layer = system.ActorOf(UdpLayer.Props(ip, [Ipv4Cidr.Parse("10.0.0.1/24")]), "udp");
        var owner = system.ActorOf(ActorProps.Create(() => new CountingOwner(owned)), "owner");
        layerSocket = layer.Ask<Udp.Opened>(new Udp.Open(5000, Owner: owner)).GetAwaiter().GetResult().Socket;
        var udp = UdpBytes(PeerAddress, OurAddress);
        datagram = new Ipv4.Datagram("eth0", Ipv4Header.Create(PeerAddress, OurAddress, IpProtocol.Udp), udp, false);

        links = new LinkFactory();
        var iface = new InterfaceSettings("eth0", "wire", Ours) { Device = "lan", Ipv4 = [Ipv4Cidr.Parse("10.0.0.1/24")] };
        var settings = new HostSettings("h", [iface]) { SubscriberQueue = Burst * 4 };
        var host = HostStarter.StartAsync(system, settings, s => links.InterfaceProps(s, settings.SubscriberQueue)).GetAwaiter().GetResult();
        hostOwned = new Counter();
        var hostOwner = system.ActorOf(ActorProps.Create(() => new CountingOwner(hostOwned)), "host-owner");
        hostSocket = host.Interfaces["eth0"].Udp!.Ask<Udp.Opened>(new Udp.Open(5000, [InetOption.Broadcast(true)], hostOwner)).GetAwaiter().GetResult().Socket;
        peer = links.Wire("lan").Attach("peer");
        var header = Ipv4Header.Create(PeerAddress, OurAddress, IpProtocol.Udp);
        frame = new byte[14 + header.Length + udp.Length];
        new EthernetHeader(Ours, Peer, EtherType.Ipv4).Emit(frame);
        header.Emit(frame.AsSpan(14), udp.Length);
        udp.CopyTo(frame.AsSpan(14 + header.Length));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        system.Terminate().Wait();
        links.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Datagrams)]
    public void Receive_layer_to_owner()
    {
        var start = owned.Value;
        for (var sent = Burst; sent <= Datagrams; sent += Burst)
        {
            for (var j = 0; j < Burst; j++)
                layer.Tell(datagram, ActorRefs.NoSender);
            Await(owned, start + sent);
        }
    }

    [Benchmark(OperationsPerInvoke = Datagrams)]
    public void Receive_wire_to_owner()
    {
        var start = hostOwned.Value;
        for (var sent = Burst; sent <= Datagrams; sent += Burst)
        {
            for (var j = 0; j < Burst; j++)
                peer.TrySend(frame);
            Await(hostOwned, start + sent);
        }
    }

    [Benchmark(OperationsPerInvoke = Datagrams)]
    public void Send_socket_to_ip()
    {
        var send = new Udp.Send(PeerAddress, 6000, Payload);
        var start = sentToIp.Value;
        for (var sent = Burst; sent <= Datagrams; sent += Burst)
        {
            for (var j = 0; j < Burst; j++)
                layerSocket.Tell(send, ActorRefs.NoSender);
            Await(sentToIp, start + sent);
        }
    }

    [Benchmark(OperationsPerInvoke = Datagrams)]
    public void Send_socket_to_wire()
    {
        var send = new Udp.Send(InetAddress.Broadcast, 6000, Payload);
        for (var sent = 0; sent < Datagrams; sent += Burst)
        {
            for (var j = 0; j < Burst; j++)
                hostSocket.Tell(send, ActorRefs.NoSender);
            for (var received = 0; received < Burst;)
            {
                if (!peer.Received.TryRead(out var f))
                {
                    if (!SpinWait.SpinUntil(() => peer.Received.TryPeek(out _), TimeSpan.FromSeconds(10)))
                        throw new TimeoutException($"only {received} of {Burst} frames reached the wire");
                    continue;
                }
                f.Dispose();
                received++;
            }
        }
    }

    /// <summary>SpinUntil falls back to sleeping: BenchmarkDotNet raises this thread's priority, and a waiter that
    /// only spun would take the core the actors need.</summary>
    private static void Await(Counter counter, long target)
    {
        if (!SpinWait.SpinUntil(() => counter.Value >= target, TimeSpan.FromSeconds(10)))
            throw new TimeoutException($"counter at {counter.Value}, expected {target}");
    }

    private static byte[] UdpBytes(Ipv4Address source, Ipv4Address destination)
    {
        var udp = UdpDatagram.Create(40000, 5000, Payload);
        var bytes = new byte[udp.Length];
        udp.Emit(bytes, InternetChecksum.PseudoHeader(source, destination, IpProtocol.Udp, bytes.Length));
        return bytes;
    }

    private sealed class Counter
    {
        private long value;

        public long Value => Volatile.Read(ref value);

        public void Add() => Interlocked.Increment(ref value);
    }

    private sealed class CountingOwner : ReceiveActor
    {
        public CountingOwner(Counter counter) => Receive<Udp.Datagram>(_ => counter.Add());
    }

    /// <summary>Stands where the IPv4 layer is for the layer-only paths: takes the registration, counts sends.</summary>
    private sealed class CountingIp : ReceiveActor
    {
        public CountingIp(Counter counter)
        {
            Receive<Ipv4.Register>(r => Sender.Tell(new Ipv4.Registered(r.Protocol, Ipv4Output.ThroughActor(Self)), Self));
            Receive<Ipv4.Send>(_ => counter.Add());
        }
    }
}
