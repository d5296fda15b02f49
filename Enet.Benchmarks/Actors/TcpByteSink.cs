using Enet.Codecs;
using Enet.Actors.Inet;
using Akka.IO;
using Enet.Actors.Tcp;
using Akka.Actor;

namespace Enet.Benchmarks.Actors;

/// <summary>A TCP server for throughput benchmarks: binds where <see cref="BindOn"/> says (answering with
/// <see cref="Tcp.Bound"/>), registers itself for every connection and only counts the bytes it receives.</summary>
internal sealed class TcpByteSink : ReceiveActor
{
    public sealed record BindOn(IActorRef Tcp, ushort Port);

    /// <summary>Bytes received so far, read by the benchmark thread with Interlocked.</summary>
    public sealed class Counter
    {
        public long Bytes;
    }

    public TcpByteSink(Counter counter)
    {
        IActorRef? asker = null;
        Receive<BindOn>(b =>
        {
            asker = Sender;
            b.Tcp.Tell(new Tcp.Bind(Self, EndPoints.From(Ipv4Address.Any, b.Port)), Self);
        });
        Receive<Tcp.Bound>(b => asker!.Tell(b, Self));
        Receive<Tcp.Connected>(_ => Sender.Tell(new Tcp.Register(Self), Self));
        Receive<Tcp.Received>(r => Interlocked.Add(ref counter.Bytes, r.Data.Count));
        Receive<Tcp.ConnectionClosed>(_ => { });
    }
}
