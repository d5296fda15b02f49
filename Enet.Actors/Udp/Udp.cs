using Enet.Actors.Inet;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.Udp;

/// <summary>
/// The messages of UDP sockets (gen_udp semantics), in one place: what a <see cref="UdpLayer"/> and its sockets
/// understand and answer, and what a socket's owner receives. Every command is answered to its sender with the
/// reply named beside it or with <see cref="Error"/>, as a gen_udp call returns ok, {ok, ...} or {error, Reason}.
/// </summary>
public static class Udp
{
    /// <summary>gen_udp:open(Port, Options) on the layer; answered with <see cref="Opened"/>. Port 0 picks an ephemeral
    /// port. The owner (the sender unless given: an Ask's temporary sender would close the socket at once) gets the
    /// socket's messages, and the socket closes when it stops.</summary>
    public sealed record Open(ushort Port, IReadOnlyList<InetOption>? Options = null, IActorRef? Owner = null);

    public sealed record Opened(IActorRef Socket, InetAddress Address, ushort Port);

    /// <summary>gen_udp:send(Socket, Address, Port, Data); answered with <see cref="Ok"/> only when <paramref name="Ack"/>,
    /// with <see cref="Error"/> always (eacces for a broadcast without {broadcast,true}, emsgsize, einval for port 0).</summary>
    public sealed record Send(InetAddress Address, ushort Port, Bytes Data, bool Ack = false);

    /// <summary>gen_udp:recv(Socket, Length, Timeout) on a passive socket; answered with <see cref="Received"/>, or
    /// <see cref="Error"/> timeout, or einval when the socket is active. Length is ignored, as inet_drv ignores it
    /// for UDP: a whole datagram comes back. Null waits for ever.</summary>
    public sealed record Recv(int Length = 0, TimeSpan? Timeout = null);

    /// <summary>{ok, {Address, Port, Packet}}.</summary>
    public sealed record Received(InetAddress Address, ushort Port, Bytes Data);

    /// <summary>gen_udp:close; answered with <see cref="Ok"/> once the port is free again.</summary>
    public sealed record Close
    {
        public static Close Instance { get; } = new();
    }

    /// <summary>inet:setopts; answered with <see cref="Ok"/>, or einval (nothing changed) for a value out of range or
    /// a name inet does not know.</summary>
    public sealed record SetOpts(IReadOnlyList<InetOption> Options);

    /// <summary>inet:getopts; answered with <see cref="Opts"/> in the order asked, options a UDP socket does not have
    /// left out; einval for a name inet does not know.</summary>
    public sealed record GetOpts(IReadOnlyList<string> Names);

    public sealed record Opts(IReadOnlyList<InetOption> Options);

    /// <summary>inet:getstat/1 (null: all ten counters) and getstat/2; answered with <see cref="Stat"/>.</summary>
    public sealed record GetStat(IReadOnlyList<InetStat>? Stats = null);

    public sealed record Stat(IReadOnlyList<InetStatValue> Values);

    /// <summary>inet:sockname; answered with <see cref="Name"/>.</summary>
    public sealed record SockName
    {
        public static SockName Instance { get; } = new();
    }

    /// <summary>inet:peername; an unconnected UDP socket answers <see cref="Error"/> enotconn.</summary>
    public sealed record PeerName
    {
        public static PeerName Instance { get; } = new();
    }

    public sealed record Name(InetAddress Address, ushort Port);

    /// <summary>inet:port; answered with <see cref="PortNumber"/>.</summary>
    public sealed record GetPort
    {
        public static GetPort Instance { get; } = new();
    }

    public sealed record PortNumber(ushort Port);

    /// <summary>What a socket holds, as Linux's /proc/net/udp shows it; answered with <see cref="SocketInfo"/>.</summary>
    public sealed record GetSocketInfo
    {
        public static GetSocketInfo Instance { get; } = new();
    }

    /// <summary><paramref name="Drops"/>: datagrams discarded because the receive queue was full (recbuf).</summary>
    public sealed record SocketInfo(InetAddress Address, ushort Port, IActorRef Owner, ActiveMode Active, int Queued, int QueuedBytes, long Drops);

    /// <summary>ok.</summary>
    public sealed record Ok
    {
        public static Ok Instance { get; } = new();
    }

    /// <summary>{error, Reason} for <paramref name="Command"/>.</summary>
    public sealed record Error(object Command, Posix Reason)
    {
        public override string ToString() => $"{{error,{Inet.Inet.Atom(Reason)}}} for {Command}";
    }

    /// <summary>To the owner of an active socket: {udp, Socket, IP, Port, Data}.</summary>
    public sealed record Datagram(IActorRef Socket, InetAddress Address, ushort Port, Bytes Data);

    /// <summary>To the owner when an {active, N} counter reaches 0: {udp_passive, Socket}.</summary>
    public sealed record Passive(IActorRef Socket);

    /// <summary>The layer's counters; answered with <see cref="Statistics"/>.</summary>
    public sealed record GetStatistics
    {
        public static GetStatistics Instance { get; } = new();
    }

    /// <summary>Named after RFC 4113's UDP-MIB (udpInDatagrams, udpNoPorts, udpInErrors, udpOutDatagrams) and
    /// Linux's RcvbufErrors; <paramref name="PortUnreachables"/> counts the ICMP errors sent.</summary>
    public sealed record Statistics(long InDatagrams, long NoPorts, long InErrors, long OutDatagrams, long RcvbufErrors,
        long PortUnreachables, int Sockets);
}
