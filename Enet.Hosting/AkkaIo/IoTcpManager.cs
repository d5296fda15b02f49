using Akka.Actor;
using Enet.Actors;
using Enet.Actors.Hosting;
using Enet.Actors.Ip;
using Enet.Codecs;
using EnetTcp = Enet.Actors.Tcp.Tcp;

namespace Enet.AkkaIo;

/// <summary>
/// A host's TCP manager in Akka.IO's protocol (what <c>system.Tcp()</c> is for the operating system's stack):
/// <c>Connect</c> opens a connection through the interface that routes to the remote address, <c>Bind</c> listens on
/// the interface that holds the local address (every interface for the wildcard). Its children are the Akka.IO
/// listeners and connections.
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
        Receive<Accepted>(a => Context.ActorOf(IoTcpConnection.Accepted(a.Connection, a.Connected, a.Handler)));
    }

    public static Props Props(RunningHost host) => ActorProps.Create(() => new IoTcpManager(host));

    private void Connect(Akka.IO.Tcp.Connect connect)
    {
        if (!EndPoints.TryIpv4(connect.RemoteAddress, out var remote, out var remotePort) || connect.RemoteAddress is null
            || !EndPoints.TryIpv4(connect.LocalAddress, out _, out var localPort)
            || routes.Lookup(remote) is not { } route || Layer(route.Interface) is not { } layer)
        {
            Sender.Tell(new Akka.IO.Tcp.CommandFailed(connect), Self);
            return;
        }
        Context.ActorOf(IoTcpConnection.Connecting(layer, connect, remote, remotePort, localPort, Sender));
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
            Sender.Tell(new Akka.IO.Tcp.CommandFailed(bind), Self);
            return;
        }
        Context.ActorOf(IoTcpListener.Props(layers, bind, address, port, Sender));
    }

    private IActorRef? Layer(string interfaceName) =>
        host.Interfaces.TryGetValue(interfaceName, out var stack) ? stack.Tcp : null;

    /// <summary>From a listener: the stack accepted <see cref="Connection"/> for a Bind of <see cref="Handler"/>.</summary>
    internal sealed record Accepted(IActorRef Connection, EnetTcp.Connected Connected, IActorRef Handler);
}
