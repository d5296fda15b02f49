using Akka.Actor;
using Enet.Actors.Inet;
using Enet.Actors;
using Enet.Actors.Hosting;
using Enet.Codecs;

namespace Enet.AkkaIo;

/// <summary>A host's UDP manager in Akka.IO's protocol (what <c>system.Udp()</c> is for the operating system's stack):
/// <c>Bind</c> opens a socket on the interface that holds the local address (the first with UDP for the wildcard).</summary>
internal sealed class IoUdpManager : ReceiveActor
{
    private IoUdpManager(RunningHost host)
    {
        Receive<Akka.IO.Udp.Bind>(bind =>
        {
            EndPoints.TryIpv4(bind.LocalAddress, out var address, out var port);
            var layer = host.Interfaces.Values
                .FirstOrDefault(s => s.Udp is not null && (address == Ipv4Address.Any || s.Settings.Ipv4.Any(a => a.Address == address)))?.Udp;
            if (layer is null)
                Sender.Tell(new Akka.IO.Udp.CommandFailed(bind), Self);
            else
                Context.ActorOf(IoUdpSocket.Props(layer, bind, address, port, Sender));
        });
    }

    public static Props Props(RunningHost host) => ActorProps.Create(() => new IoUdpManager(host));
}
