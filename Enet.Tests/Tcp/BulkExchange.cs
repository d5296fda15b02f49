using Enet.Actors.Inet;
using Enet.Actors;
using System.Diagnostics;
using System.Security.Cryptography;
using Enet.Actors.Tcp;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Tests.Tcp;

using Tcp = Akka.IO.Tcp;

/// <summary>
/// An Enet client for bulk tests in real time: connects, writes <c>payload</c> in chunks (the next after the previous
/// one's ack; a refused one again after WritingResumed), hashes what arrives, keeps its half open when the peer
/// closes, and ConfirmedCloses after its last write. The outcome completes when the connection ends, however it ends,
/// with the connection's <see cref="TcpInfo"/> as it was once connected (what the handshake negotiated).
/// </summary>
public sealed class BulkExchange : ReceiveActor
{
    public const int Chunk = 64 * 1024;

    public sealed record Outcome(long Received, byte[] ReceivedSha256, Tcp.ConnectionClosed? Closed, TcpError? ConnectFailed,
        TimeSpan Elapsed, TcpInfo? Negotiated);

    private sealed class Acked : Tcp.Event
    {
        public static Acked Instance { get; } = new();
    }

    private readonly byte[] payload;
    private readonly TaskCompletionSource<Outcome> outcome;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private IActorRef connection = ActorRefs.Nobody;
    private int written;
    private long received;
    private TcpInfo? negotiated;

    public BulkExchange(IActorRef tcp, InetAddress address, ushort port, byte[] payload, TaskCompletionSource<Outcome> outcome)
    {
        this.payload = payload;
        this.outcome = outcome;
        tcp.Tell(Io.Connect(address, port, timeout: TimeSpan.FromSeconds(10)), Self);
        Receive<Tcp.Connected>(_ =>
        {
            connection = Sender;
            connection.Tell(new Tcp.Register(Self, keepOpenOnPeerClosed: true), Self);
            connection.Tell(EnetTcp.GetTcpInfo.Instance, Self);
            Write();
        });
        Receive<TcpInfo>(info => negotiated = info);
        Receive<Acked>(_ =>
        {
            written += Math.Min(Chunk, payload.Length - written);
            Write();
        });
        Receive<Tcp.CommandFailed>(f =>
        {
            switch (f.Cmd)
            {
                case Tcp.Connect:
                    Complete(null, f.Reason());
                    break;
                case Tcp.Write when f.Reason() == TcpError.Enobufs:
                    connection.Tell(Tcp.ResumeWriting.Instance, Self);
                    break;
            }
        });
        Receive<Tcp.WritingResumed>(_ => Write());
        Receive<Tcp.Received>(r =>
        {
            hash.AppendData(r.Data.ToReadOnlySpan());
            received += r.Data.Count;
        });
        Receive<Tcp.PeerClosed>(_ => { });
        Receive<Tcp.ConnectionClosed>(closed => Complete(closed, null));
    }

    public static Props Props(IActorRef tcp, InetAddress address, ushort port, byte[] payload, TaskCompletionSource<Outcome> outcome) =>
        ActorProps.Create(() => new BulkExchange(tcp, address, port, payload, outcome));

    protected override void PostStop() => hash.Dispose();

    private void Write()
    {
        if (written < payload.Length)
            connection.Tell(Tcp.Write.Create(ByteStrings.Wrap(payload.AsMemory(written, Math.Min(Chunk, payload.Length - written))), Acked.Instance), Self);
        else
            connection.Tell(Tcp.ConfirmedClose.Instance, Self);
    }

    private void Complete(Tcp.ConnectionClosed? closed, TcpError? connectFailed)
    {
        outcome.TrySetResult(new Outcome(received, hash.GetHashAndReset(), closed, connectFailed, clock.Elapsed, negotiated));
        Context.Stop(Self);
    }
}
