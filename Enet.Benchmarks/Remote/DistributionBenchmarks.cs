using Enet.Actors;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Enet.Remote;
using Enet.Remote.Etf;
using Akka.Actor;

namespace Enet.Benchmarks.Remote;

/// <summary>
/// Node to node side by side in one run: Enet&lt;-&gt;Enet over Erlang distribution (two nodes in this process),
/// Enet&lt;-&gt;Enet over Akka.Remote (two actor systems in this process, <see cref="AkkaRemoteLoops"/>), Enet&lt;-&gt;erl
/// and erl&lt;-&gt;erl (two real erl nodes; the erl driver runs the loop, Enet only starts it and hears done).
/// Every pair runs the same three loops: sequential round trips of a small tuple to an echo process (Mean =
/// round-trip time), one-way small tuples to a sink that answers after the last one (Mean = time per message),
/// and one-way 1 MiB binaries (Mean = time per MiB). Needs erl on PATH (apt-get install erlang-nox). On a
/// loaded machine run it with --inProcess: the generated project's build can exceed BenchmarkDotNet's
/// two-minute limit. Allocated counts every thread of this process: over Akka.Remote a 1 MiB binary costs
/// several MiB, one copy per layer Akka.Remote passes it through (serializer, envelope, PDU, and back). The Akka.Remote pair
/// runs twice: on Enet's transport and on Akka's DotNetty one.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DistributionBenchmarks
{
    private const int RoundTrips = 2_000;
    private const int Small = 50_000;
    private const int Binaries = 100;
    private const string Cookie = "enet_bench";

    /// <summary>Akka's own transport, beside Enet's, for comparison.</summary>
    private const string DotNettyTransport = "Akka.Remote.Transport.DotNetty.TcpTransport,Akka.Remote";

    // The same three loops as the Enet driver, in Erlang, for the erl nodes.
    private const string ErlangPeer =
        "Echo = fun Echo() -> receive {P, T} -> P ! {echo, T}, Echo() end end, " +
        "Sink = fun Sink() -> receive {start, N, P} -> Count = fun C(0) -> P ! done; C(K) -> receive _ -> C(K - 1) end end, Count(N), Sink() end end, " +
        "Rtt = fun R(0, _) -> ok; R(K, T) -> T ! {self(), K}, receive {echo, K} -> R(K - 1, T) end end, " +
        "Send = fun S(0, _, _) -> ok; S(K, T, M) -> T ! M, S(K - 1, T, M) end, " +
        "Driver = fun D() -> receive " +
        "{rtt, N, T, R} -> Rtt(N, T), R ! done, D(); " +
        "{oneway, N, T, M, R} -> T ! {start, N, self()}, Send(N, T, M), receive done -> R ! done end, D() end end, " +
        "register(echo, spawn(Echo)), register(sink, spawn(Sink)), register(driver, spawn(Driver)), io:format(\"ready~n\"), timer:sleep(900000), halt().";

    private readonly List<Process> _erl = [];
    private ActorSystem _systemA = null!;
    private ActorSystem _systemB = null!;
    private NetKernel _a = null!;
    private NetKernel _b = null!;
    private IActorRef _driver = null!;
    private Waiter _waiter = null!;
    private IActorRef _waiterRef = null!;
    private string _e1 = "";
    private string _e2 = "";
    private Term _smallMessage = null!;
    private Term _binaryMessage = null!;
    private AkkaRemotePair _akka = null!;
    private AkkaRemotePair _akkaDotNetty = null!;

    [GlobalSetup]
    public void Setup()
    {
        var epmdPort = FreePort();
        _systemA = BenchmarkSystem.Create("a");
        _systemB = BenchmarkSystem.Create("b");
        _a = NetKernel.StartAsync(_systemA, Settings("bench_a", epmdPort)).GetAwaiter().GetResult();
        _b = NetKernel.StartAsync(_systemB, Settings("bench_b", epmdPort)).GetAwaiter().GetResult();
        _b.Register("echo", _systemB.ActorOf(ActorProps.Create(() => new Echo(_b)), "echo"));
        _b.Register("sink", _systemB.ActorOf(ActorProps.Create(() => new Sink(_b)), "sink"));
        _a.Register("echo", _systemA.ActorOf(ActorProps.Create(() => new Echo(_a)), "echo"));
        _driver = _systemA.ActorOf(ActorProps.Create(() => new Driver(_a)), "driver");
        _waiter = new Waiter();
        _waiterRef = _systemA.ActorOf(ActorProps.Create(() => new WaiterActor(_waiter)), "waiter");
        _e1 = StartErl("bench_e1", epmdPort);
        _e2 = StartErl("bench_e2", epmdPort);
        _smallMessage = new ErlTuple(new ErlAtom("msg"), 12345);
        _binaryMessage = new ErlBinary(new byte[1 << 20]);
        foreach (var node in new[] { _b.NodeName, _e1, _e2 })
            if (!_a.ConnectNodeAsync(node).GetAwaiter().GetResult())
                throw new InvalidOperationException($"cannot connect to {node}");
        _akka = new AkkaRemotePair().Start();
        _akkaDotNetty = new AkkaRemotePair(DotNettyTransport).Start();
        // erl<->erl: connect the two erl nodes before measuring.
        RunErlErl(new ErlTuple(new ErlAtom("rtt"), 10, Name("echo", _e2), _a.PidOf(_waiterRef))).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var erl in _erl)
        {
            erl.Kill(entireProcessTree: true);
            erl.WaitForExit(5000);
            erl.Dispose();
        }
        _b.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _a.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _systemA.Terminate().Wait();
        _systemB.Terminate().Wait();
        _akka.Dispose();
        _akkaDotNetty.Dispose();
    }

    [Benchmark(OperationsPerInvoke = RoundTrips), BenchmarkCategory("RoundTrip")]
    public Task RoundTrip_Enet_Enet() => RunEnet(new Driver.RoundTrips(RoundTrips, _a.Remote("echo", _b.NodeName)));

    [Benchmark(OperationsPerInvoke = RoundTrips), BenchmarkCategory("RoundTrip")]
    public Task RoundTrip_Enet_Enet_Akka() => _akka.RoundTrips(RoundTrips);

    [Benchmark(OperationsPerInvoke = RoundTrips), BenchmarkCategory("RoundTrip")]
    public Task RoundTrip_Enet_Enet_AkkaDotNetty() => _akkaDotNetty.RoundTrips(RoundTrips);

    [Benchmark(OperationsPerInvoke = RoundTrips), BenchmarkCategory("RoundTrip")]
    public Task RoundTrip_Enet_Erl() => RunEnet(new Driver.RoundTrips(RoundTrips, _a.Remote("echo", _e2)));

    [Benchmark(Baseline = true, OperationsPerInvoke = RoundTrips), BenchmarkCategory("RoundTrip")]
    public Task RoundTrip_Erl_Erl() => RunErlErl(new ErlTuple(new ErlAtom("rtt"), RoundTrips, Name("echo", _e2), _a.PidOf(_waiterRef)));

    [Benchmark(OperationsPerInvoke = Small), BenchmarkCategory("OneWaySmall")]
    public Task OneWaySmall_Enet_Enet() => RunEnet(new Driver.OneWay(Small, _a.Remote("sink", _b.NodeName), _smallMessage));

    [Benchmark(OperationsPerInvoke = Small), BenchmarkCategory("OneWaySmall")]
    public Task OneWaySmall_Enet_Enet_Akka() => _akka.OneWay(Small, 12345);

    [Benchmark(OperationsPerInvoke = Small), BenchmarkCategory("OneWaySmall")]
    public Task OneWaySmall_Enet_Enet_AkkaDotNetty() => _akkaDotNetty.OneWay(Small, 12345);

    [Benchmark(OperationsPerInvoke = Small), BenchmarkCategory("OneWaySmall")]
    public Task OneWaySmall_Enet_Erl() => RunEnet(new Driver.OneWay(Small, _a.Remote("sink", _e2), _smallMessage));

    [Benchmark(Baseline = true, OperationsPerInvoke = Small), BenchmarkCategory("OneWaySmall")]
    public Task OneWaySmall_Erl_Erl() => RunErlErl(new ErlTuple(new ErlAtom("oneway"), Small, Name("sink", _e2), _smallMessage, _a.PidOf(_waiterRef)));

    [Benchmark(OperationsPerInvoke = Binaries), BenchmarkCategory("OneWay1MiB")]
    public Task OneWay1MiB_Enet_Enet() => RunEnet(new Driver.OneWay(Binaries, _a.Remote("sink", _b.NodeName), _binaryMessage));

    [Benchmark(OperationsPerInvoke = Binaries), BenchmarkCategory("OneWay1MiB")]
    public Task OneWay1MiB_Enet_Enet_Akka() => _akka.OneWay(Binaries, new byte[1 << 20]);

    [Benchmark(OperationsPerInvoke = Binaries), BenchmarkCategory("OneWay1MiB")]
    public Task OneWay1MiB_Enet_Enet_AkkaDotNetty() => _akkaDotNetty.OneWay(Binaries, new byte[1 << 20]);

    [Benchmark(OperationsPerInvoke = Binaries), BenchmarkCategory("OneWay1MiB")]
    public Task OneWay1MiB_Enet_Erl() => RunEnet(new Driver.OneWay(Binaries, _a.Remote("sink", _e2), _binaryMessage));

    [Benchmark(Baseline = true, OperationsPerInvoke = Binaries), BenchmarkCategory("OneWay1MiB")]
    public Task OneWay1MiB_Erl_Erl() =>
        RunErlErl(new ErlTuple(new ErlAtom("oneway"), Binaries, Name("sink", _e2), _binaryMessage, _a.PidOf(_waiterRef)));

    private Task RunEnet(object command)
    {
        var done = _waiter.Arm();
        _driver.Tell(command, _waiterRef);
        return done;
    }

    /// <summary>The erl driver on the first erl node runs the loop against the second and answers done.</summary>
    private Task RunErlErl(Term command)
    {
        var done = _waiter.Arm();
        _a.Remote("driver", _e1).Tell(command, _waiterRef);
        return done;
    }

    private static ErlTuple Name(string name, string node) => new(new ErlAtom(name), new ErlAtom(node));

    private static NetKernelSettings Settings(string alive, int epmdPort) => new(alive)
    {
        Cookie = Cookie,
        EpmdPort = epmdPort,
        NetTicktime = TimeSpan.FromSeconds(60),
    };

    private string StartErl(string alive, int epmdPort)
    {
        var start = new ProcessStartInfo("erl") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-noshell", "-start_epmd", "false", "-sname", alive + "@localhost", "-setcookie", Cookie, "-eval", ErlangPeer })
            start.ArgumentList.Add(argument);
        start.Environment["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start erl");
        _erl.Add(process);
        var line = process.StandardOutput.ReadLine();
        if (line != "ready")
            throw new InvalidOperationException($"erl {alive}: {line} {process.StandardError.ReadToEnd()}");
        return alive + "@localhost";
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>One outstanding run at a time: the benchmark arms it, the waiter actor completes it on done.</summary>
    private sealed class Waiter
    {
        private TaskCompletionSource _current = new();

        public Task Arm()
        {
            _current = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _current.Task;
        }

        public void Done() => _current.TrySetResult();
    }

    private sealed class WaiterActor : ReceiveActor
    {
        public WaiterActor(Waiter waiter) => ReceiveAny(_ => waiter.Done());
    }

    /// <summary>echo: <c>{P, T}</c> gets <c>{echo, T}</c> back at P.</summary>
    private sealed class Echo : ReceiveActor
    {
        private static readonly ErlAtom Tag = new("echo");

        public Echo(NetKernel kernel) =>
            Receive<ErlTuple>(t => t.Arity == 2 && t[0] is ErlPid, t => kernel.Remote((ErlPid)t[0]).Tell(new ErlTuple(Tag, t[1]), Self));
    }

    /// <summary>sink: <c>{start, N, P}</c>, then N messages of any kind, then <c>done</c> to P.</summary>
    private sealed class Sink : ReceiveActor
    {
        private static readonly ErlAtom Start = new("start");
        private static readonly ErlAtom Done = new("done");
        private long _remaining;
        private IActorRef? _replyTo;

        public Sink(NetKernel kernel) => ReceiveAny(message =>
        {
            if (message is ErlTuple { Arity: 3 } t && t[0].Equals(Start) && t[2] is ErlPid p)
            {
                _remaining = (long)((ErlInteger)t[1]).Value;
                _replyTo = kernel.Remote(p);
            }
            else if (--_remaining == 0)
            {
                _replyTo!.Tell(Done, Self);
            }
        });
    }

    /// <summary>The Enet side's loops; answers done to whoever sent the command.</summary>
    private sealed class Driver : ReceiveActor
    {
        private static readonly ErlAtom Start = new("start");
        private readonly NetKernel _kernel;
        private IActorRef _replyTo = ActorRefs.Nobody;
        private int _remaining;

        public Driver(NetKernel kernel)
        {
            _kernel = kernel;
            Idle();
        }

        private void Idle()
        {
            Receive<RoundTrips>(r =>
            {
                _replyTo = Sender;
                _remaining = r.Count;
                r.Echo.Tell(new ErlTuple(_kernel.PidOf(Self), _remaining), Self);
                Become(() => RoundTripping(r, _kernel.PidOf(Self)));
            });
            Receive<OneWay>(o =>
            {
                _replyTo = Sender;
                o.Sink.Tell(new ErlTuple(Start, o.Count, _kernel.PidOf(Self)), Self);
                for (var k = 0; k < o.Count; k++)
                    o.Sink.Tell(o.Message, Self);
                Become(() => ReceiveAny(_ => Finish()));
            });
        }

        private void RoundTripping(RoundTrips r, ErlPid self) => Receive<ErlTuple>(_ =>
        {
            if (--_remaining == 0)
                Finish();
            else
                r.Echo.Tell(new ErlTuple(self, _remaining), Self);
        });

        private void Finish()
        {
            _replyTo.Tell(Done.Instance, Self);
            Become(Idle);
        }

        public sealed record RoundTrips(int Count, IActorRef Echo);

        public sealed record OneWay(int Count, IActorRef Sink, Term Message);
    }

    private sealed class Done
    {
        public static readonly Done Instance = new();
    }
}
