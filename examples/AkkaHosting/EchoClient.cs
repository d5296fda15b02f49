using System.Net;
using Akka.Actor;
using Akka.IO;

namespace Enet.Examples.AkkaHosting;

/// <summary>
/// Plain Akka.IO code, as it would be written against <c>Context.System.Tcp()</c>: connect, register, write with acks
/// (one write in flight at a time), read the echo until all of it is back, then close. Only the manager it is given
/// says that the stack underneath is Enet.
/// </summary>
public sealed class EchoClient : ReceiveActor
{
    private const int Chunk = 16 * 1024;
    private sealed class Ack(int offset) : Tcp.Event
    {
        public int Offset { get; } = offset;
    }

    private readonly byte[] payload;
    private readonly MemoryStream echoed = new();
    private readonly IActorRef report;

    public EchoClient(IActorRef tcpManager, EndPoint remote, byte[] payload, IActorRef report)
    {
        this.payload = payload;
        this.report = report;
        tcpManager.Tell(new Tcp.Connect(remote));
        Receive<Tcp.Connected>(_ =>
        {
            var connection = Sender;
            connection.Tell(new Tcp.Register(Self));
            Become(() => Connected(connection));
            WriteFrom(connection, 0);
        });
        Receive<Tcp.CommandFailed>(failed => Finish($"connect failed: {failed.Cmd}"));
    }

    private void Connected(IActorRef connection)
    {
        Receive<Ack>(ack => WriteFrom(connection, ack.Offset));
        Receive<Tcp.Received>(received =>
        {
            received.Data.WriteTo(echoed);
            if (echoed.Length >= payload.Length)
                connection.Tell(Tcp.Close.Instance);
        });
        Receive<Tcp.Closed>(_ => Finish(echoed.ToArray().AsSpan().SequenceEqual(payload)
            ? $"echoed {payload.Length} bytes intact"
            : $"echo differs: {echoed.Length} of {payload.Length} bytes came back"));
        Receive<Tcp.ConnectionClosed>(closed => Finish($"connection closed early: {closed}"));
        Receive<Tcp.CommandFailed>(failed => Finish($"command failed: {failed.Cmd}"));
    }

    private void WriteFrom(IActorRef connection, int offset)
    {
        if (offset >= payload.Length)
            return;
        var length = Math.Min(Chunk, payload.Length - offset);
        connection.Tell(Tcp.Write.Create(ByteString.FromBytes(payload, offset, length), new Ack(offset + length)));
    }

    private void Finish(string outcome)
    {
        report.Tell(outcome);
        Context.Stop(Self);
    }
}
