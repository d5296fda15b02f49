using Enet.Actors.Inet;
using Enet.Actors.Tcp;
using Akka.Actor;

namespace Enet.Actors.GenTcp;

// TcpSocketActor: the inet functions (setopts, getopts, getstat, sockname, peername, port; they are Udp's records,
// where the inet API was first written) and controlling_process.
internal sealed partial class TcpSocketActor
{
    private void Inet()
    {
        Receive<Udp.Udp.SetOpts>(set => WhenOpen(set, () => SetOpts(set)));
        Receive<Udp.Udp.GetOpts>(get =>
        {
            if (get.Names.FirstOrDefault(n => !InetOption.Known.Contains(n)) is not null)
                Sender.Tell(new Udp.Udp.Error(get, Posix.Einval), Self);
            else
                Sender.Tell(new Udp.Udp.Opts([.. get.Names.Where(TcpSocketOptions.Supported.Contains).Select(n => new InetOption(n, options.Get(n)))]), Self);
        });
        Receive<Udp.Udp.GetStat>(get => Sender.Tell(new Udp.Udp.Stat([.. counters.Snapshot(get.Stats)
            .Select(v => v.Stat == InetStat.SendPend ? v with { Value = queuedBytes } : v)]), Self));
        Receive<Udp.Udp.SockName>(_ => Sender.Tell(new Udp.Udp.Name(Connection.Id.LocalAddress, Connection.Id.LocalPort), Self));
        Receive<Udp.Udp.PeerName>(get =>
        {
            if (!connected || ended && sendRefusal is not null)
                Sender.Tell(new Udp.Udp.Error(get, Posix.Enotconn), Self);
            else
                Sender.Tell(new Udp.Udp.Name(Connection.Id.RemoteAddress, Connection.Id.RemotePort), Self);
        });
        Receive<Udp.Udp.GetPort>(_ => Sender.Tell(new Udp.Udp.PortNumber(Connection.Id.LocalPort), Self));
        Receive<GenTcp.ControllingProcess>(c => WhenOpen(c, () => Ownership.Transfer(Context, c, ref owner)));
    }

    /// <summary>inet:setopts. nodelay, keepalive, tos, recbuf and sndbuf belong to the core, which may refuse a buffer
    /// (shrunk below what it holds): then nothing changes (einval). Applied with the counters of now: an {active, N}
    /// counter may have moved since the caller read it.</summary>
    private void SetOpts(Udp.Udp.SetOpts set)
    {
        var result = options.Apply(set.Options);
        if (!result.IsOk)
        {
            Sender.Tell(new Udp.Udp.Error(set, Posix.Einval), Self);
            return;
        }
        var wanted = result.Value;
        if (!ended && (wanted.NoDelay, wanted.KeepAlive, wanted.Tos, wanted.RecBuf, wanted.SndBuf) !=
            (options.NoDelay, options.KeepAlive, options.Tos, options.RecBuf, options.SndBuf))
        {
            var change = new TcpOptions
            {
                NoDelay = wanted.NoDelay,
                KeepAlive = wanted.KeepAlive,
                Tos = (byte)wanted.Tos,
                ReuseAddress = wanted.ReuseAddr,
                ReceiveBuffer = wanted.RecBuf != options.RecBuf ? wanted.RecBuf : null,
                SendBuffer = wanted.SndBuf != options.SndBuf ? wanted.SndBuf : null,
            };
            var taken = false;
            Run(() => taken = Core.SetOptions(change, Now));
            if (!taken)
            {
                Sender.Tell(new Udp.Udp.Error(set, Posix.Einval), Self);
                return;
            }
        }
        // inet_drv sends {tcp_passive, S} whenever {active, N} leaves the counter at 0, even on a socket that was
        // already passive (as for UDP, probed on OTP 25).
        var counted = set.Options.Any(o => o.Name == "active" && o.Value is ActiveMode { Kind: ActiveModeKind.Count });
        var wasActive = options.Active.Kind != ActiveModeKind.False;
        options = wanted;
        ApplyDecoder();
        Sender.Tell(Udp.Udp.Ok.Instance, Self);
        if (counted && options.Active.Kind == ActiveModeKind.False)
            owner.Tell(new GenTcp.TcpPassive(Self), Self);
        if (!wasActive && options.Active.Kind != ActiveModeKind.False)
        {
            // Recv callers of a socket turned active get einval, as a recv on an active socket would.
            foreach (var w in recvs)
                w.Caller.Tell(new GenTcp.Error(w.Recv, Posix.Einval), Self);
            recvs.Clear();
        }
        // exit_on_close decides how the core takes the peer's FIN.
        Core.KeepOpenOnPeerClosed = !options.ExitOnClose;
        Process();
        Run(() => Core.DeliverHeld(Now));
    }

    private void ApplyDecoder()
    {
        decoder.Type = options.Packet;
        decoder.PacketSize = options.PacketSize;
        decoder.LineLength = Math.Max(options.Buffer, options.PacketSize);
        decoder.LineDelimiter = options.LineDelimiter;
    }
}
