using Enet.Actors.Inet;
using Akka.IO;
using Enet.Actors;
using Enet.Actors.Tcp;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Host.Demo;

/// <summary>
/// The demo's TCP step, on Akka.IO's protocol: connects to a host's tcp-echo (RFC 862, port 7), writes
/// the text, reads until as many bytes came back, closes, and completes <paramref name="result"/> with the
/// echoed text (or the reason it failed). Stops itself when the connection has ended.
/// </summary>
internal sealed class TcpEchoClient : ReceiveActor
{
    private readonly List<byte> echoed = [];

    public TcpEchoClient(IActorRef tcp, Ipv4Address address, byte[] text, TimeSpan timeout, TaskCompletionSource<string> result)
    {
        tcp.Tell(new Tcp.Connect(EndPoints.From(address, TcpEcho.Port), timeout: timeout), Self);
        Receive<Tcp.Connected>(_ =>
        {
            Sender.Tell(new Tcp.Register(Self), Self);
            Sender.Tell(Tcp.Write.Create(ByteString.FromBytes(text)), Self);
        });
        Receive<Tcp.Received>(received =>
        {
            echoed.AddRange(received.Data.ToArray());
            if (echoed.Count >= text.Length)
                Sender.Tell(Tcp.Close.Instance, Self);
        });
        Receive<Tcp.CommandFailed>(failed => End(result, $"connect failed: {failed.Reason()}"));
        Receive<Tcp.ErrorClosed>(closed => End(result, $"connection failed: {closed.Cause}"));
        Receive<Tcp.ConnectionClosed>(_ => End(result, System.Text.Encoding.ASCII.GetString([.. echoed])));
    }

    public static Props Props(IActorRef tcp, Ipv4Address address, byte[] text, TimeSpan timeout, TaskCompletionSource<string> result) =>
        ActorProps.Create(() => new TcpEchoClient(tcp, address, text, timeout, result));

    private void End(TaskCompletionSource<string> result, string outcome)
    {
        result.TrySetResult(outcome);
        Context.Stop(Self);
    }
}
