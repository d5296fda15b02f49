using Akka.Actor;
using Enet.Actors;
using Enet.Codecs;
using EnetTcp = Enet.Actors.Tcp.Tcp;

namespace Enet.AkkaIo;

/// <summary>
/// Akka.IO's listener for one Bind: it binds the port on the stack's TCP layers (each interface the local address
/// names), answers <c>Bound</c> once all have, and hands each accepted connection to the manager, which makes its
/// Akka.IO connection (so connections outlive <c>Unbind</c>, as in Akka.IO).
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
    private void BindNext() => unbound.Dequeue().Tell(new EnetTcp.Bind(Self, port, bind.Backlog), Self);

    private void Binding()
    {
        Receive<EnetTcp.Bound>(bound =>
        {
            listeners.Add(Sender);
            port = bound.Port;
            if (unbound.Count > 0)
                BindNext();
            else
            {
                commander.Tell(new Akka.IO.Tcp.Bound(EndPoints.From(address, port)), Self);
                Become(Listening);
            }
        });
        Receive<EnetTcp.CommandFailed>(_ =>
        {
            foreach (var listener in listeners)
                listener.Tell(EnetTcp.Unbind.Instance, Self);
            commander.Tell(new Akka.IO.Tcp.CommandFailed(bind), Self);
            Context.Stop(Self);
        });
    }

    private void Listening()
    {
        Receive<EnetTcp.Connected>(connected => Context.Parent.Tell(new IoTcpManager.Accepted(Sender, connected, bind.Handler), Self));
        Receive<Akka.IO.Tcp.Unbind>(_ =>
        {
            foreach (var listener in listeners)
                listener.Tell(EnetTcp.Unbind.Instance, Self);
            Become(() => Unbinding(Sender, listeners.Count));
        });
    }

    private void Unbinding(IActorRef requester, int waiting)
    {
        Receive<EnetTcp.Unbound>(_ =>
        {
            if (--waiting > 0)
                return;
            requester.Tell(Akka.IO.Tcp.Unbound.Instance, Self);
            Context.Stop(Self);
        });
        // Connections the stack accepted before it let the port go still get their Akka.IO face.
        Receive<EnetTcp.Connected>(connected => Context.Parent.Tell(new IoTcpManager.Accepted(Sender, connected, bind.Handler), Self));
    }
}
