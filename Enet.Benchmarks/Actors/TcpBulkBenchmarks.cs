using Enet.Actors.Inet;
using Akka.IO;
using Enet.Actors;
using System.Net;
using BenchmarkDotNet.Attributes;
using Enet.Actors.Hosting;
using Enet.Actors.Ip;
using Enet.Actors.Tcp;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;

namespace Enet.Benchmarks.Actors;

/// <summary>
/// Bulk TCP throughput between two Enet hosts on an in-memory wire: one connection made in setup, then per
/// invocation <see cref="Bytes"/> written in 64 kB writes (the next after the previous one's ack) and counted at the
/// receiving handler, beside the same over Linux's loopback in the same run (the Ratio column). MB/s = Bytes / mean time.
/// </summary>
[MemoryDiagnoser]
public class TcpBulkBenchmarks
{
    private const int Bytes = 4 << 20;
    private const int Chunk = 64 * 1024;

    private ActorSystem system = null!;
    private LinkFactory links = null!;
    private IActorRef writer = null!;
    private TcpByteSink.Counter sink = null!;
    private KernelTcpPair loopback = null!;
    private readonly byte[] chunk = new byte[Chunk];

    [GlobalSetup]
    public void Setup()
    {
        system = BenchmarkSystem.Create("bench");
        links = new LinkFactory();
        var server = Start("a", "02:00:00:00:00:0a", "192.0.2.1/24");
        var client = Start("b", "02:00:00:00:00:0b", "192.0.2.2/24");
        sink = new TcpByteSink.Counter();
        var handler = system.ActorOf(ActorProps.Create(() => new TcpByteSink(sink)), "receiver");
        handler.Ask<Tcp.Bound>(new TcpByteSink.BindOn(server, 5001), TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        writer = system.ActorOf(ActorProps.Create(() => new Writer(client, new Ipv4Address(192, 0, 2, 1), 5001)), "writer");
        writer.Ask<Tcp.Connected>(Writer.Start.Instance, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        loopback = new KernelTcpPair(new IPEndPoint(IPAddress.Loopback, 0));
    }

    private IActorRef Start(string name, string mac, string address)
    {
        var iface = new InterfaceSettings($"{name}-eth0", "wire", MacAddress.Parse(mac)) { Device = "lan", Ipv4 = [Ipv4Cidr.Parse(address)] };
        var settings = new HostSettings(name, [iface]);
        var host = HostStarter.StartAsync(system, settings, s => links.InterfaceProps(s, settings.SubscriberQueue)).GetAwaiter().GetResult();
        return host.Interfaces.Values.Single().Tcp!;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        system.Terminate().Wait();
        links.Dispose();
        loopback.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void Four_megabytes_linux_to_linux_over_loopback() => KernelTcpPair.Send(loopback.Client, chunk, Bytes, () => loopback.Received);

    [Benchmark]
    public void Four_megabytes_host_to_host()
    {
        var target = Interlocked.Read(ref sink.Bytes) + Bytes;
        writer.Tell(new Writer.Send(Bytes), ActorRefs.NoSender);
        ByteArrival.Await(() => Interlocked.Read(ref sink.Bytes), target, Bytes);
    }

    /// <summary>`Enet.Benchmarks bulk N`: the host-to-host case N times in a plain process, for a profiler to attach to
    /// (dotnet-trace); prints the time and the bytes allocated per byte moved.</summary>
    public static void RunForProfiler(int times)
    {
        var bench = new TcpBulkBenchmarks();
        bench.Setup();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var allocated = GC.GetTotalAllocatedBytes();
        for (var i = 0; i < times; i++)
            bench.Four_megabytes_host_to_host();
        var bytes = (double)Bytes * times;
        Console.WriteLine($"{bytes / started.Elapsed.TotalSeconds / 1e6:F1} MB/s, {(GC.GetTotalAllocatedBytes() - allocated) / bytes:F3} B allocated per byte");
        bench.Cleanup();
    }

    private sealed class Writer : ReceiveActor
    {
        public sealed record Start
        {
            public static Start Instance { get; } = new();
        }

        public sealed record Send(int Bytes);

        private sealed class Acked : Tcp.Event
        {
            public static Acked Instance { get; } = new();
        }

        private readonly byte[] chunk = new byte[Chunk];
        private IActorRef connection = ActorRefs.Nobody;
        private int remaining;
        private int written;

        public Writer(IActorRef tcp, Ipv4Address server, ushort port)
        {
            IActorRef? asker = null;
            Random.Shared.NextBytes(chunk);
            Receive<Start>(_ =>
            {
                asker = Sender;
                tcp.Tell(new Tcp.Connect(EndPoints.From(server, port)), Self);
            });
            Receive<Tcp.Connected>(c =>
            {
                connection = Sender;
                connection.Tell(new Tcp.Register(Self), Self);
                asker!.Tell(c, Self);
            });
            Receive<Send>(s =>
            {
                remaining = s.Bytes;
                Next();
            });
            Receive<Acked>(_ =>
            {
                remaining -= written;
                Next();
            });
            // A full send buffer refuses this write and every later one (Akka.IO's NACK mode) until ResumeWriting,
            // answered with WritingResumed once there is room: then the same chunk again.
            Receive<Tcp.CommandFailed>(_ => connection.Tell(Tcp.ResumeWriting.Instance, Self));
            Receive<Tcp.WritingResumed>(_ => Write());
        }

        private void Next()
        {
            if (remaining <= 0)
                return;
            Write();
        }

        private void Write()
        {
            written = Math.Min(Chunk, remaining);
            connection.Tell(Tcp.Write.Create(ByteString.FromBytes(chunk, 0, written), Acked.Instance), Self);
        }
    }
}
