using Enet.Actors.Inet;
using Enet.Actors.Tcp;
using IoTcp = Akka.IO.Tcp;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.GenTcp;

/// <summary>
/// The messages of gen_tcp sockets (gen_tcp(3), inet(3)) in one place: what a listen socket and a connection socket
/// take, what they answer, and what a socket's owner (its controlling process) receives. Every command is answered to
/// its sender with the reply named beside it or with <see cref="Error"/>, as a gen_tcp call returns ok, {ok, ...} or
/// {error, Reason}. <see cref="Listen"/> and <see cref="Connect"/> make the socket actors; the inet functions
/// (getstat, setopts, getopts, sockname, peername, port) take the socket actor as for UDP.
/// </summary>
public static class GenTcp
{
    /// <summary>gen_tcp:listen(Port, Options) on the TCP layer; with inet6 (<see cref="InetOption.Family"/>) on :: for both
    /// families (a dual-stack socket, as Linux's default), with {ip, Address} on that address only <paramref name="tcp"/>: the listen socket's actor, made at the top of <paramref name="system"/> so that it outlives an owner it is given away from, which
    /// answers <paramref name="replyTo"/> with <see cref="Listening"/> or <see cref="Error"/> (eaddrinuse, einval) and
    /// closes when <paramref name="owner"/> stops. Accepted sockets inherit the listen socket's options.</summary>
    public static IActorRef Listen(ActorSystem system, IActorRef tcp, ushort port, IReadOnlyList<InetOption>? options,
        IActorRef owner, IActorRef replyTo) =>
        system.ActorOf(TcpListenSocketActor.Props(tcp, port, options ?? [], owner, replyTo));

    /// <summary>gen_tcp:connect(Address, Port, Options, Timeout) on the TCP layer <paramref name="tcp"/>, which makes the
    /// socket's actor (a connection with gen_tcp's face). An IPv6 <paramref name="address"/> makes an inet6 socket, as
    /// gen_tcp picks inet6_tcp for an 8-tuple; {ip, Address} binds the local address first. It answers
    /// <paramref name="replyTo"/> with <see cref="Connected"/> or <see cref="Error"/> (econnrefused, etimedout, einval).
    /// A null timeout waits until the SYN's retransmissions give up.</summary>
    public static void Connect(IActorRef tcp, InetAddress address, ushort port, IReadOnlyList<InetOption>? options, TimeSpan? timeout,
        IActorRef owner, IActorRef replyTo)
    {
        var parsed = TcpSocketOptions.Create(options ?? []);
        var local = parsed.IsOk && !parsed.Value.Address.IsUnspecified ? EndPoints.From(parsed.Value.Address, 0) : null;
        var connect = new IoTcp.Connect(EndPoints.From(address, port), local,
            [new EnetTcpOption(parsed.IsOk ? parsed.Value.TcpOptions : TcpOptions.Default)], timeout);
        // Bad options fail the connect before any segment is sent.
        if (!parsed.IsOk)
            replyTo.Tell(new Error(connect, Posix.Einval), ActorRefs.NoSender);
        else
            tcp.Tell(new TcpLayer.WithFace(connect, new GenTcpFace(parsed.Value, owner, replyTo)), replyTo);
    }

    public sealed record Listening(IActorRef Socket, InetAddress Address, ushort Port);

    public sealed record Connected(IActorRef Socket, InetAddress LocalAddress, ushort LocalPort, InetAddress RemoteAddress, ushort RemotePort);

    /// <summary>gen_tcp:accept(ListenSocket, Timeout) to the listen socket; answered with <see cref="Accepted"/>, or
    /// <see cref="Error"/> timeout or closed. The new socket's owner is <paramref name="Owner"/>, else the sender (an
    /// Ask's temporary sender would close the socket at once). Null waits for ever.</summary>
    public sealed record Accept(TimeSpan? Timeout = null, IActorRef? Owner = null);

    /// <summary>{ok, Socket}; its addresses as inet:peername and inet:sockname give them (the local one is the address the
    /// peer connected to, which for a listen socket bound to the wildcard is one of ours).</summary>
    public sealed record Accepted(IActorRef Socket, InetAddress RemoteAddress, ushort RemotePort, InetAddress LocalAddress);

    /// <summary>gen_tcp:send(Socket, Data): answered with <see cref="Ok"/> once the data is queued in the socket, which
    /// is at once unless the socket is busy (its queue reached high_watermark): then the caller waits until it is under
    /// low_watermark, or gets timeout after send_timeout. closed after the peer closed (with exit_on_close) or after
    /// shutdown(write); enotconn after send_timeout_close; emsgsize when the packet header cannot say the length.</summary>
    public sealed record Send(Bytes Data);

    /// <summary>gen_tcp:recv(Socket, Length, Timeout) on a passive socket; answered with <see cref="Received"/>, or
    /// <see cref="Error"/>: timeout, closed (the peer closed before enough came), enotconn (after that), einval (an
    /// active socket, or Length &gt; 0 with a packet type), emsgsize (a packet beyond packet_size). Length 0: what is
    /// there; more: exactly that many bytes (raw only). Null waits for ever.</summary>
    public sealed record Recv(int Length = 0, TimeSpan? Timeout = null);

    /// <summary>{ok, Packet}; with {header, N} the first N bytes are in <paramref name="Header"/>.</summary>
    public sealed record Received(Bytes Data, Bytes Header = default);

    /// <summary>gen_tcp:close: answered with <see cref="Ok"/>. Queued data still goes, then FIN (RFC 9293 3.10.4);
    /// with {linger, {true, 0}} a reset instead; with {linger, {true, T}} the answer waits up to T for the close.</summary>
    public sealed record Close
    {
        public static Close Instance { get; } = new();
    }

    /// <summary>gen_tcp:shutdown(Socket, How): write sends FIN after the queued data and reading goes on (RFC 9293 3.6
    /// half-close); read drops what is received; answered with <see cref="Ok"/>, enotconn when not connected.</summary>
    public sealed record Shutdown(ShutdownHow How);

    /// <summary>gen_tcp:controlling_process(Socket, Pid): only the owner may give the socket away (not_owner).</summary>
    public sealed record ControllingProcess(IActorRef NewOwner);

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

    /// <summary>To the owner of an active socket: {tcp, Socket, Data}.</summary>
    public sealed record Data(IActorRef Socket, Bytes Packet, Bytes Header = default);

    /// <summary>To the owner: {tcp_closed, Socket}, after every packet received before the close.</summary>
    public sealed record TcpClosed(IActorRef Socket);

    /// <summary>To the owner: {tcp_error, Socket, Reason} (etimedout; econnreset with show_econnreset; emsgsize), then
    /// <see cref="TcpClosed"/>.</summary>
    public sealed record TcpError(IActorRef Socket, Posix Reason);

    /// <summary>To the owner when an {active, N} counter reaches 0: {tcp_passive, Socket}.</summary>
    public sealed record TcpPassive(IActorRef Socket);

    /// <summary>The Posix reason for how a TCP connection or command failed.</summary>
    public static Posix Reason(Tcp.TcpError error) => error switch
    {
        Tcp.TcpError.Econnrefused => Posix.Econnrefused,
        Tcp.TcpError.Econnreset => Posix.Econnreset,
        Tcp.TcpError.Etimedout => Posix.Etimedout,
        Tcp.TcpError.Enotconn => Posix.Enotconn,
        Tcp.TcpError.Eaddrinuse => Posix.Eaddrinuse,
        Tcp.TcpError.Enobufs => Posix.Enobufs,
        _ => Posix.Closed,
    };
}
