using Akka.Actor;
using Enet.Actors;
using Enet.Actors.Inet;
using Enet.Actors.Tcp;
using Enet.Codecs;

namespace Enet.AkkaIo;

/// <summary>
/// Akka.IO's listener for one Bind: it binds the port on the stack's TCP layers (each interface the local address
/// names) for the Bind's handler, which hears Connected from each accepted connection itself, answers <c>Bound</c>
/// once all have, and unbinds them all on <c>Unbind</c> (connections outlive it, as in Akka.IO).
/// </summary>
internal sealed class IoTcpListener : ReceiveActor
{
    private readonly Akka.IO.Tcp.Bind bind;
    private readonly IActorRef commander;
    private readonly Ipv4Address address;
    private readonly Queue<IActorRef> unbound;
    private readonly List<IActorRef> listeners = [];
    private ushort port;

    private IoTcpListener(IReadOnlyList<IActorRef> layers, Akka.IO.Tcp.Bind bind, Ipv4Address address, ushort port, IActorRef commander)
    {
        this.bind = bind;
        this.commander = commander;
        this.address = address;
        this.port = port;
        unbound = new Queue<IActorRef>(layers);
        Binding();
    }

    public static Props Props(IReadOnlyList<IActorRef> layers, Akka.IO.Tcp.Bind bind, Ipv4Address address, ushort port, IActorRef commander) =>
        ActorProps.Create(() => new IoTcpListener(layers, bind, address, port, commander));

    protected override void PreStart() => BindNext();

    /// <summary>One layer at a time: port 0 takes an ephemeral port on the first, and the others bind that same one.</summary>
    private void BindNext() =>
        unbound.Dequeue().Tell(new Akka.IO.Tcp.Bind(bind.Handler, EndPoints.From(address, port), bind.Backlog, bind.Options, bind.PullMode), Self);

    private void Binding()
    {
        Receive<Akka.IO.Tcp.Bound>(bound =>
        {
            listeners.Add(Sender);
            port = TcpEndPoints.Local(bound).LocalPort;
            if (unbound.Count > 0)
                BindNext();
            else
            {
                commander.Tell(new Akka.IO.Tcp.Bound(EndPoints.From(address, port)), Self);
                Become(Listening);
            }
        });
        Receive<Akka.IO.Tcp.CommandFailed>(failed =>
        {
            foreach (var listener in listeners)
                listener.Tell(Akka.IO.Tcp.Unbind.Instance, Self);
            commander.Tell(EnetTcp.Failed(bind, failed.Reason()), Self);
            Context.Stop(Self);
        });
    }

    private void Listening()
    {
        Receive<Akka.IO.Tcp.Unbind>(_ =>
        {
            foreach (var listener in listeners)
                listener.Tell(Akka.IO.Tcp.Unbind.Instance, Self);
            Become(() => Unbinding(Sender, listeners.Count));
        });
    }

    private void Unbinding(IActorRef requester, int waiting)
    {
        Receive<Akka.IO.Tcp.Unbound>(_ =>
        {
            if (--waiting > 0)
                return;
            requester.Tell(Akka.IO.Tcp.Unbound.Instance, Self);
            Context.Stop(Self);
        });
    }
}
