using Akka.Actor;
using Enet.Actors.Inet;
using Enet.Actors.Udp;

namespace Enet.Actors.Discard;

/// <summary>The discard service of RFC 863 on UDP port 9: "When a datagram is received, it is thrown away. No response
/// is sent." Counted, datagrams and bytes.</summary>
public sealed class UdpDiscard : ReceiveActor
{
    public const ushort Port = 9;

    private readonly IActorRef udp;
    private long datagrams, bytes;

    public UdpDiscard(IActorRef udp)
    {
        this.udp = udp;
        Receive<Udp.Udp.Opened>(opened => Context.Watch(opened.Socket));
        Receive<Udp.Udp.Error>(error =>
        {
            if (!Udp.ServicePort.NoIpv6(error))
                throw new InvalidOperationException($"discard cannot open UDP port {Port}: {Inet.Inet.FormatError(error.Reason)}");
        });
        Receive<Udp.Udp.Datagram>(d =>
        {
            datagrams++;
            bytes += d.Data.Length;
        });
        // The host restarts the service, which opens the port again.
        Receive<Terminated>(_ => throw new InvalidOperationException("discard lost its UDP socket"));
        Receive<GetDiscardCounts>(_ => Sender.Tell(new DiscardCounts(datagrams, bytes), Self));
    }

    public static Props Props(IActorRef udp) => ActorProps.Create(() => new UdpDiscard(udp));

    /// <summary>Port 9 of both families.</summary>
    protected override void PreStart() => Udp.ServicePort.Open(udp, Port, Self);
}
