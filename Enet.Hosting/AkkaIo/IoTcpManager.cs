using Akka.Actor;
using Enet.Actors;
using Enet.Actors.Hosting;
using Enet.Actors.Inet;
using Enet.Actors.Ip;
using Enet.Actors.Tcp;
using Enet.Codecs;

namespace Enet.AkkaIo;

/// <summary>
/// A host's TCP manager in Akka.IO's protocol (what <c>system.Tcp()</c> is for the operating system's stack):
/// <c>Connect</c> opens a connection through the interface that routes to the remote address, <c>Bind</c> listens on
/// the interface that holds the local address (every interface for the wildcard). The layers speak Akka.IO
/// themselves: a Connect goes on to the layer, whose connection answers; a Bind gets a listener here that binds each
/// layer it names.
/// </summary>
internal sealed class IoTcpManager : ReceiveActor
{
    private readonly RunningHost host;
    private readonly Ipv4RoutingTable routes;

    private IoTcpManager(RunningHost host)
    {
        this.host = host;
        routes = host.Settings.CreateRoutingTable();
        Receive<Akka.IO.Tcp.Connect>(Connect);
        Receive<Akka.IO.Tcp.Bind>(Bind);
    }

    public static Props Props(RunningHost host) => ActorProps.Create(() => new IoTcpManager(host));

    private void Connect(Akka.IO.Tcp.Connect connect)
    {
        if (!EndPoints.TryIpv4(connect.RemoteAddress, out var remote, out _) || connect.RemoteAddress is null
            || routes.Lookup(remote) is not { } route || Layer(route.Interface) is not { } layer)
        {
            Sender.Tell(EnetTcp.Failed(connect, TcpError.Einval), Self);
            return;
        }
        layer.Forward(connect);
    }

    private void Bind(Akka.IO.Tcp.Bind bind)
    {
        EndPoints.TryIpv4(bind.LocalAddress, out var address, out var port);
        var layers = host.Interfaces.Values
            .Where(stack => stack.Tcp is not null && (address == Ipv4Address.Any || stack.Settings.Ipv4.Any(a => a.Address == address)))
            .Select(stack => stack.Tcp!)
            .ToList();
        if (layers.Count == 0)
        {
            Sender.Tell(EnetTcp.Failed(bind, TcpError.Einval), Self);
            return;
        }
        Context.ActorOf(IoTcpListener.Props(layers, bind, address, port, Sender));
    }

    private IActorRef? Layer(string interfaceName) =>
        host.Interfaces.TryGetValue(interfaceName, out var stack) ? stack.Tcp : null;

}
