using Akka.Actor;
using Akka.IO;
using Enet.Actors;
using Enet.Actors.Inet;
using Enet.Codecs;
using EnetUdp = Enet.Actors.Udp.Udp;

namespace Enet.AkkaIo;

/// <summary>
/// Akka.IO's UDP socket for one <c>Bind</c>: it opens a socket on the stack's UDP layer in active mode (datagrams
/// flow to it as they come, as Akka.IO's push mode) and speaks <see cref="Akka.IO.Udp"/>'s messages to the user:
/// <c>Bound</c> with itself as the sender, <c>Send</c> with its ack, <c>Received</c> to the handler, <c>Unbind</c>.
/// </summary>
internal sealed class IoUdpSocket : ReceiveActor
{
    private readonly Akka.IO.Udp.Bind bind;
    private readonly IActorRef commander;
    private readonly Queue<(IActorRef Sender, Akka.IO.Udp.Send Send)> sending = new();
    private IActorRef socket = ActorRefs.Nobody;

    private IoUdpSocket(IActorRef layer, Akka.IO.Udp.Bind bind, Ipv4Address address, ushort port, IActorRef commander)
    {
        this.bind = bind;
        this.commander = commander;
        layer.Tell(new EnetUdp.Open(port, [InetOption.Active(true), InetOption.Ip(address)], Self), Self);
        Receive<EnetUdp.Opened>(opened =>
        {
            socket = opened.Socket;
            Context.Watch(socket);
            Context.Watch(bind.Handler);
            commander.Tell(new Akka.IO.Udp.Bound(EndPoints.From(opened.Address, opened.Port)), Self);
            Become(Bound);
        });
        Receive<EnetUdp.Error>(_ =>
        {
            commander.Tell(new Akka.IO.Udp.CommandFailed(bind), Self);
            Context.Stop(Self);
        });
    }

    public static Props Props(IActorRef layer, Akka.IO.Udp.Bind bind, Ipv4Address address, ushort port, IActorRef commander) =>
        ActorProps.Create(() => new IoUdpSocket(layer, bind, address, port, commander));

    private void Bound()
    {
        Receive<EnetUdp.Datagram>(d => bind.Handler.Tell(new Akka.IO.Udp.Received(ByteString.FromBytes(d.Data.Span.ToArray()), EndPoints.From(d.Address, d.Port)), Self));
        Receive<Akka.IO.Udp.Send>(send =>
        {
            if (!EndPoints.TryIpv4(send.Target, out var address, out var port) || send.Target is null)
            {
                Sender.Tell(new Akka.IO.Udp.CommandFailed(send), Self);
                return;
            }
            // The socket answers each acked send in order, with Ok or Error; that is when Akka.IO's ack is due.
            sending.Enqueue((Sender, send));
            socket.Tell(new EnetUdp.Send(address, port, send.Payload.ToArray(), Ack: true), Self);
        });
        Receive<EnetUdp.Ok>(_ =>
        {
            var (sender, send) = sending.Dequeue();
            if (send.WantsAck)
                sender.Tell(send.Ack, Self);
        });
        Receive<EnetUdp.Error>(_ =>
        {
            var (sender, send) = sending.Dequeue();
            sender.Tell(new Akka.IO.Udp.CommandFailed(send), Self);
        });
        Receive<Akka.IO.Udp.Unbind>(_ =>
        {
            var requester = Sender;
            socket.Tell(EnetUdp.Close.Instance, Self);
            socket = ActorRefs.Nobody;
            // The stack's socket stops once it has let the port go; its Ok says the port is free.
            Become(() =>
            {
                Receive<EnetUdp.Ok>(_ =>
                {
                    requester.Tell(Akka.IO.Udp.Unbound.Instance, Self);
                    Context.Stop(Self);
                });
                Receive<EnetUdp.Datagram>(_ => { });
                Receive<Terminated>(_ => { });
            });
        });
        Receive<Terminated>(_ => Context.Stop(Self));
    }

    protected override void PostStop()
    {
        if (!socket.Equals(ActorRefs.Nobody))
            socket.Tell(EnetUdp.Close.Instance, ActorRefs.Nobody);
    }
}
