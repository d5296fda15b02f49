using Akka.Actor;
using Enet.Actors.Inet;
using Enet.Codecs;
using IoTcp = Akka.IO.Tcp;

namespace Enet.TestKit;

/// <summary>
/// Opens many TCP connections between two Enet hosts and leaves them idle (established, nothing sent), for what a
/// connection costs at scale. The server listens on <see cref="Plan.Ports"/> consecutive ports, because one client
/// address reaches one server port from at most as many ephemeral ports as its TCP layer has; the client keeps
/// <see cref="Plan.Window"/> connects in flight, as a client pool would. Both sides register an actor that drops
/// whatever arrives, so nothing but the connections themselves stays in memory.
/// </summary>
public static class IdleConnections
{
    /// <param name="Count">Connections to open.</param>
    /// <param name="Ports">Server ports, from <paramref name="FirstPort"/>, the connects are spread over.</param>
    /// <param name="Window">Connects in flight at once; the listeners' backlog is twice it.</param>
    public sealed record Plan(int Count, Ipv4Address Server, ushort FirstPort, int Ports, int Window);

    /// <summary>Connections established on both sides, and connects refused (which a good run has none of).</summary>
    public sealed record Result(int Connected, int Accepted, int Failed, TimeSpan Elapsed)
    {
        public double PerSecond => Connected / Elapsed.TotalSeconds;
    }

    /// <summary>Binds the server's ports on <paramref name="serverTcp"/>; the connects are started by
    /// <see cref="ConnectAsync"/>. Returns the actor holding the accepted connections (stopping it closes nothing).</summary>
    public static async Task<IActorRef> ListenAsync(ActorSystem system, IActorRef serverTcp, Plan plan, TimeSpan timeout)
    {
        var acceptor = system.ActorOf(Props.Create(() => new Acceptor()));
        for (var i = 0; i < plan.Ports; i++)
        {
            var bind = new IoTcp.Bind(acceptor, EndPoints.From(Ipv4Address.Any, (ushort)(plan.FirstPort + i)), plan.Window * 2);
            await serverTcp.Ask<IoTcp.Bound>(bind, timeout);
        }
        return acceptor;
    }

    /// <summary>Opens <see cref="Plan.Count"/> connections from <paramref name="clientTcp"/> and waits until each is
    /// established on the client and accepted by <paramref name="acceptor"/> (or refused), at most
    /// <paramref name="timeout"/>.</summary>
    public static async Task<Result> ConnectAsync(ActorSystem system, IActorRef clientTcp, IActorRef acceptor, Plan plan, TimeSpan timeout)
    {
        var started = DateTime.UtcNow;
        var connector = system.ActorOf(Props.Create(() => new Connector(clientTcp, plan)));
        var (connected, failed) = await connector.Ask<(int, int)>(Connector.Start.Instance, timeout);
        var elapsed = DateTime.UtcNow - started;
        var accepted = await acceptor.Ask<int>(new Acceptor.WaitFor(connected), timeout - elapsed);
        return new Result(connected, accepted, failed, elapsed);
    }

    /// <summary>The managed heap once everything unreachable is gone (two blocking, compacting collections, so that
    /// objects freed by finalizers go too): what the connections hold, measured before and after opening them.</summary>
    public static long HeapAfterCollection()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Registers itself for every connection accepted and counts them.</summary>
    private sealed class Acceptor : ReceiveActor
    {
        public sealed record WaitFor(int Count);

        private int accepted;
        private (IActorRef Asker, int Count)? waiting;

        public Acceptor()
        {
            Receive<IoTcp.Connected>(_ =>
            {
                Sender.Tell(new IoTcp.Register(Self), Self);
                accepted++;
                Answer();
            });
            Receive<WaitFor>(w =>
            {
                waiting = (Sender, w.Count);
                Answer();
            });
            ReceiveAny(_ => { });
        }

        private void Answer()
        {
            if (waiting is { } w && accepted >= w.Count)
            {
                w.Asker.Tell(accepted);
                waiting = null;
            }
        }
    }

    /// <summary>Keeps <see cref="Plan.Window"/> connects in flight until <see cref="Plan.Count"/> have ended, then
    /// answers (connected, failed).</summary>
    private sealed class Connector : ReceiveActor
    {
        public sealed record Start
        {
            public static Start Instance { get; } = new();
        }

        private readonly IActorRef tcp;
        private readonly Plan plan;
        private IActorRef asker = ActorRefs.Nobody;
        private int issued, connected, failed;

        public Connector(IActorRef tcp, Plan plan)
        {
            this.tcp = tcp;
            this.plan = plan;
            Receive<Start>(_ =>
            {
                asker = Sender;
                while (issued < Math.Min(plan.Window, plan.Count))
                    Next();
            });
            Receive<IoTcp.Connected>(_ =>
            {
                Sender.Tell(new IoTcp.Register(Self), Self);
                connected++;
                Ended();
            });
            Receive<IoTcp.CommandFailed>(_ =>
            {
                failed++;
                Ended();
            });
            ReceiveAny(_ => { });
        }

        private void Next()
        {
            var port = (ushort)(plan.FirstPort + issued % plan.Ports);
            tcp.Tell(new IoTcp.Connect(EndPoints.From(plan.Server, port)), Self);
            issued++;
        }

        private void Ended()
        {
            if (issued < plan.Count)
                Next();
            else if (connected + failed == plan.Count)
                asker.Tell((connected, failed));
        }
    }
}
