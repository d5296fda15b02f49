using Enet.Actors.Inet;
using Akka.Actor;
using Akka.Event;

namespace Enet.Actors.Udp;

/// <summary>
/// The echo service over UDP (RFC 862): every datagram to port 7 goes back to where it came from, data
/// unchanged. Written as any user of the socket API would: it opens the port, owns the socket, and answers
/// <see cref="Udp.Datagram"/> messages. Datagrams from ports of other looping services (echo, daytime,
/// chargen, time) are not answered, as inetd does, so two such services cannot ping-pong for ever.
/// </summary>
public sealed class UdpEcho : ReceiveActor
{
    public const ushort Port = 7;

    private static readonly HashSet<ushort> LoopingPorts = [7, 13, 19, 37];

    private readonly IActorRef udp;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private long echoed, refused;

    public UdpEcho(IActorRef udp)
    {
        this.udp = udp;
        Receive<Udp.Opened>(opened =>
        {
            Context.Watch(opened.Socket);
            log.Debug("udp-echo listening on port {Port}", Port);
        });
        Receive<Udp.Error>(error =>
        {
            if (ServicePort.NoIpv6(error))
                return;
            if (error.Command is Udp.Open)
                throw new InvalidOperationException($"udp-echo cannot open port {Port}: {Inet.Inet.FormatError(error.Reason)}");
            log.Warning("udp-echo: {Error}", error);
        });
        Receive<Udp.Datagram>(d =>
        {
            if (LoopingPorts.Contains(d.Port))
            {
                refused++;
                return;
            }
            echoed++;
            // Back through the socket it came in on: the one of its family.
            d.Socket.Tell(new Udp.Send(d.Address, d.Port, d.Data), Self);
        });
        // The host restarts the service, which opens the port again.
        Receive<Terminated>(_ => throw new InvalidOperationException("udp-echo lost its socket"));
        Receive<GetCounts>(_ => Sender.Tell(new Counts(echoed, refused), Self));
    }

    public static Props Props(IActorRef udp) => ActorProps.Create(() => new UdpEcho(udp));

    /// <summary>Port 7 of both families.</summary>
    protected override void PreStart() => ServicePort.Open(udp, Port, Self);

    /// <summary>Answered with <see cref="Counts"/>.</summary>
    public sealed record GetCounts
    {
        public static GetCounts Instance { get; } = new();
    }

    public sealed record Counts(long Echoed, long Refused);
}
