using Akka.Actor;

namespace Enet.Actors.Inet;

public static partial class Inet
{
    /// <summary>How long a socket call waits for its socket actor to answer (Akka's Ask has no default).</summary>
    internal static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    /// <summary>inet:getstat/1 (null names: all ten counters in getstat/1's order) and getstat/2 (in the order asked;
    /// an unknown name is einval).</summary>
    public static async Task<InetResult<IReadOnlyList<InetStatValue>>> GetStatAsync(IActorRef socket, IReadOnlyList<string>? names = null)
    {
        IReadOnlyList<InetStat>? stats = null;
        if (names is not null)
        {
            var parsed = ParseStats(names);
            if (!parsed.IsOk)
                return parsed.Error!.Value;
            stats = parsed.Value;
        }
        return await socket.Ask(new Udp.Udp.GetStat(stats), CommandTimeout) switch
        {
            Udp.Udp.Stat stat => InetResult<IReadOnlyList<InetStatValue>>.Ok(stat.Values),
            Udp.Udp.Error error => error.Reason,
            var other => throw new InvalidOperationException($"unexpected reply {other}"),
        };
    }

    /// <summary>inet:getopts/2: options a UDP socket lacks are left out; a name inet does not know is einval.</summary>
    public static async Task<InetResult<IReadOnlyList<InetOption>>> GetOptsAsync(IActorRef socket, params IReadOnlyList<string> names) =>
        await socket.Ask(new Udp.Udp.GetOpts(names), CommandTimeout) switch
        {
            Udp.Udp.Opts opts => InetResult<IReadOnlyList<InetOption>>.Ok(opts.Options),
            Udp.Udp.Error error => error.Reason,
            var other => throw new InvalidOperationException($"unexpected reply {other}"),
        };

    /// <summary>inet:setopts/2: null for ok, else the reason (einval), with nothing changed.</summary>
    public static async Task<Posix?> SetOptsAsync(IActorRef socket, params IReadOnlyList<InetOption> options) =>
        await socket.Ask(new Udp.Udp.SetOpts(options), CommandTimeout) switch
        {
            Udp.Udp.Ok => null,
            Udp.Udp.Error error => error.Reason,
            var other => throw new InvalidOperationException($"unexpected reply {other}"),
        };

    /// <summary>inet:sockname/1: the bound address (the wildcard for an unbound one) and port.</summary>
    public static Task<InetResult<(InetAddress Address, ushort Port)>> SockNameAsync(IActorRef socket) => NameAsync(socket, Udp.Udp.SockName.Instance);

    /// <summary>inet:peername/1: enotconn for an unconnected UDP socket.</summary>
    public static Task<InetResult<(InetAddress Address, ushort Port)>> PeerNameAsync(IActorRef socket) => NameAsync(socket, Udp.Udp.PeerName.Instance);

    /// <summary>inet:port/1.</summary>
    public static async Task<InetResult<ushort>> PortAsync(IActorRef socket) =>
        await socket.Ask(Udp.Udp.GetPort.Instance, CommandTimeout) switch
        {
            Udp.Udp.PortNumber port => port.Port,
            Udp.Udp.Error error => error.Reason,
            var other => throw new InvalidOperationException($"unexpected reply {other}"),
        };

    private static async Task<InetResult<(InetAddress Address, ushort Port)>> NameAsync(IActorRef socket, object ask) =>
        await socket.Ask(ask, CommandTimeout) switch
        {
            Udp.Udp.Name name => (name.Address, name.Port),
            Udp.Udp.Error error => error.Reason,
            var other => throw new InvalidOperationException($"unexpected reply {other}"),
        };
}
