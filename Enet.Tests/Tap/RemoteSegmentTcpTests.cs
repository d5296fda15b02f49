using System.Net;
using Akka.Actor;
using Akka.IO;
using Xunit;
using Xunit.Abstractions;
using AkkaTcp = Akka.IO.Tcp;

namespace Enet.Tests.Tap;

/// <summary>TCP between two Enet nodes (actor systems with Akka.Remote on loopback) whose hosts share a remote segment.</summary>
public sealed class RemoteSegmentTcpTests(ITestOutputHelper output) : IDisposable
{
    private const int Total = 10 * 1024 * 1024;
    private readonly ActorSystem a = RemoteNodes.Start();
    private readonly ActorSystem b = RemoteNodes.Start();

    private static string Host(string name, int number, string peer) => $$"""
        enet.hosts.{{name}} {
          services = [arp, icmp, tcp-echo]
          interfaces.eth0 { link = remote, segment = "lan", peers = ["{{peer}}"], mac = "02:00:00:00:00:0{{number}}", ipv4 = ["192.0.2.{{number}}/24"] }
        }
        """;

    [Fact]
    public async Task Ten_megabytes_echoed_across_the_segment_arrive_intact()
    {
        await a.Enet().StartHostsAsync(Host("h1", 1, RemoteNodes.AddressOf(b)));
        await b.Enet().StartHostsAsync(Host("h2", 2, RemoteNodes.AddressOf(a)));
        var data = new byte[Total];
        new Random(17).NextBytes(data);
        var done = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        b.ActorOf(Props.Create(() => new EchoClient(b.Enet().Tcp("h2"), new IPEndPoint(IPAddress.Parse("192.0.2.1"), 7), data, done)));
        var echoed = await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        output.WriteLine($"10 MiB echoed in {watch.Elapsed.TotalSeconds:0.00} s ({2.0 * Total / 1e6 / watch.Elapsed.TotalSeconds:0.0} MB/s both ways together)");
        Assert.Equal(Total, echoed.Length);
        Assert.True(data.AsSpan().SequenceEqual(echoed), "the echo differs from what was sent");
    }

    public void Dispose()
    {
        b.Terminate().Wait(TimeSpan.FromSeconds(10));
        a.Terminate().Wait(TimeSpan.FromSeconds(10));
    }

    /// <summary>Connects, writes the data in acknowledged chunks, and completes with everything read back.</summary>
    private sealed class EchoClient : ReceiveActor
    {
        private const int Chunk = 64 * 1024;

        public EchoClient(IActorRef tcp, IPEndPoint server, byte[] data, TaskCompletionSource<byte[]> done)
        {
            var received = new MemoryStream(data.Length);
            var written = 0;
            tcp.Tell(new AkkaTcp.Connect(server));
            Receive<AkkaTcp.Connected>(_ =>
            {
                var connection = Sender;
                connection.Tell(new AkkaTcp.Register(Self));
                Become(() =>
                {
                    Receive<ChunkWritten>(_ => WriteNext(connection));
                    Receive<AkkaTcp.Received>(r =>
                    {
                        received.Write(r.Data.ToArray());
                        if (received.Length >= data.Length)
                        {
                            done.TrySetResult(received.ToArray());
                            connection.Tell(AkkaTcp.Close.Instance);
                        }
                    });
                    Receive<AkkaTcp.ConnectionClosed>(c => done.TrySetException(new IOException($"closed after {received.Length} bytes: {c}")));
                    Receive<AkkaTcp.CommandFailed>(f => done.TrySetException(new IOException($"failed: {f}")));
                });
                WriteNext(connection);
            });
            Receive<AkkaTcp.CommandFailed>(f => done.TrySetException(new IOException($"connect failed: {f}")));

            void WriteNext(IActorRef connection)
            {
                if (written >= data.Length)
                    return;
                var length = Math.Min(Chunk, data.Length - written);
                connection.Tell(AkkaTcp.Write.Create(ByteString.CopyFrom(data, written, length), ChunkWritten.Instance));
                written += length;
            }
        }
    }

    private sealed class ChunkWritten : AkkaTcp.Event
    {
        public static ChunkWritten Instance { get; } = new();
    }
}
