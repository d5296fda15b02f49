using System.Diagnostics;
using Akka.Actor;
using Enet.Actors.Icmp;
using Enet.Actors.Interface;
using Enet.Codecs;
using Enet.Remote;
using Enet.Remote.Dump;
using Enet.Remote.Etf;
using Enet.TestKit;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Remote;

/// <summary>enet_dump: a real erl node watches the frames of an Enet interface (two hosts on an in-memory wire).</summary>
public sealed class EnetDumpTests(ITestOutputHelper output) : EnetTestKit, IAsyncLifetime
{
    private const string Hosts = """
        enet.hosts {
          h1 { interfaces.eth0 { link = wire, device = lan, mac = "02:00:00:00:00:01", ipv4 = ["192.0.2.1/24"] } }
          h2 { interfaces.eth0 { link = wire, device = lan, mac = "02:00:00:00:00:02", ipv4 = ["192.0.2.2/24"] } }
        }
        """;

    private readonly string cookie = "c" + Guid.NewGuid().ToString("N")[..12];
    private readonly int epmdPort = ErlangPeer.FreePort();
    private readonly List<ErlangPeer> peers = [];
    private NetKernel? kernel;

    private NetKernel Kernel => kernel!;

    private IActorRef H1 => Sys.Enet().Host("h1").Interfaces["eth0"].Interface;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.FindTool("erl") is null)
            return;
        await Sys.Enet().StartHostsAsync(Hosts);
        kernel = await NetKernel.StartAsync(Sys, new NetKernelSettings("enet_" + Guid.NewGuid().ToString("N")[..8])
        {
            Cookie = cookie,
            NetTicktime = TimeSpan.FromSeconds(4),
            EpmdPort = epmdPort,
        });
        kernel.Register("enet_dump", Sys.ActorOf(EnetDump.Props(kernel, [Sys.Enet().Host("h1"), Sys.Enet().Host("h2")], capacity: 4)));
    }

    public async Task DisposeAsync()
    {
        foreach (var peer in peers)
        {
            output.WriteLine($"--- {peer.Alive}:\n" + string.Join("\n", peer.Seen));
            peer.Dispose();
        }
        if (kernel is not null)
            await kernel.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_subscriber_gets_each_matching_frame_as_a_map_of_its_layers_until_it_unsubscribes()
    {
        RequireErl();
        var baseline = await Subscriptions(H1);
        var erl = Erl($"D = {{enet_dump, '{Kernel.NodeName}'}}, " +
            "D ! {subscribe, self(), eth9, all}, receive {enet_dump, E1} -> io:format(\"unknown ~p~n\", [E1]) end, " +
            "D ! {subscribe, self(), eth0, [icmp, smtp]}, receive {enet_dump, E2} -> io:format(\"bad_filter ~p~n\", [E2]) end, " +
            "D ! {subscribe, self(), 'h1/eth0', [icmp]}, receive {enet_dump, ok} -> io:format(\"subscribed~n\") end, " +
            "receive {enet_frame, 'h1/eth0', Ts, #{ethernet := Eth, ipv4 := Ip, icmpv4 := Icmp, direction := Dir}} when is_integer(Ts) -> " +
            "  io:format(\"frame ~s ~s ~p ~s ~p ~p ~p~n\", [maps:get(source, Ip), maps:get(source, Eth), maps:get(type, Icmp), maps:get(typeName, Icmp), Dir, " +
            "    byte_size(maps:get(data, Icmp)), abs(erlang:system_time(microsecond) - Ts) < 60000000]) " +
            "after 20000 -> io:format(\"no_frame~n\") end, " +
            "D ! {unsubscribe, self(), 'h1/eth0'}, receive {enet_dump, ok} -> io:format(\"unsubscribed~n\") end, " +
            "timer:sleep(60000)");
        Assert.Equal("unknown {error,no_such_interface}", erl.WaitForLine("unknown"));
        Assert.Equal("bad_filter {error,badarg}", erl.WaitForLine("bad_filter"));
        erl.WaitForLine("subscribed");
        Assert.Equal(baseline + 1, await Subscriptions(H1));

        var h2 = Sys.Enet().Host("h2").Interfaces["eth0"].Icmp!;
        var ping = await h2.Ask<Icmp.PingResult>(new Icmp.Ping(Ipv4Address.Parse("192.0.2.1"), 1, Timeout: TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(10));
        Assert.Single(ping.Replies);
        // The first ICMP frame on h1 is h2's echo request, received; ARP frames did not pass the filter.
        Assert.Equal("frame 192.0.2.2 02:00:00:00:00:02 8 echo-request received 56 true", erl.WaitForLine("frame"));
        erl.WaitForLine("unsubscribed");
        await Until(async () => await Subscriptions(H1) == baseline, "the subscription to end");
    }

    [SkippableFact]
    public async Task A_subscriber_that_exits_is_dropped()
    {
        RequireErl();
        var baseline = await Subscriptions(H1);
        var erl = Erl($"{{enet_dump, '{Kernel.NodeName}'}} ! {{subscribe, self(), 'h1/eth0', all}}, receive {{enet_dump, ok}} -> io:format(\"subscribed~n\") end, " +
            "receive stop -> ok end");
        erl.WaitForLine("subscribed");
        Assert.Equal(baseline + 1, await Subscriptions(H1));
        erl.Kill();
        await Until(async () => await Subscriptions(H1) == baseline, "the dead subscriber to be dropped");
    }

    [SkippableFact]
    public async Task A_burst_never_waits_for_the_subscriber_and_every_frame_is_sent_or_counted_as_dropped()
    {
        RequireErl();
        var erl = Erl($"D = {{enet_dump, '{Kernel.NodeName}'}}, register(dump_watcher, self()), " +
            "D ! {subscribe, self(), 'h1/eth0', all}, receive {enet_dump, ok} -> io:format(\"subscribed~n\") end, " +
            "receive go -> ok end, " +
            // Sent and dropped stop changing once the subscription has drained its queue.
            "Stats = fun Stats(Last, N) -> D ! {stats, self()}, receive {enet_dump, [{'h1/eth0', S, X}]} -> " +
            "  case {S, X} of Last -> Last; _ when N > 0 -> timer:sleep(200), Stats({S, X}, N - 1); _ -> {S, X} end end end, " +
            "{Sent, Dropped} = Stats(none, 100), " +
            "Frames = length([F || {messages, Ms} <- [process_info(self(), messages)], {enet_frame, 'h1/eth0', _, F} <- Ms]), " +
            "io:format(\"stats ~p ~p ~p~n\", [Sent, Dropped, Frames])");
        erl.WaitForLine("subscribed");
        var before = await Counters(H1);
        var h2 = Sys.Enet().Host("h2").Interfaces["eth0"].Icmp!;
        var ping = await h2.Ask<Icmp.PingResult>(new Icmp.Ping(Ipv4Address.Parse("192.0.2.1"), 200, Interval: TimeSpan.Zero, Timeout: TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(60));
        // The stack answered every request while the subscription's queue (4 frames) overflowed.
        Assert.Equal(200, ping.Replies.Count);
        var after = await Counters(H1);
        Kernel.Remote("dump_watcher", erl.NodeName).Tell(new ErlAtom("go"), ActorRefs.NoSender);
        var stats = erl.WaitForLine("stats ").Split(' ').Skip(1).Select(long.Parse).ToArray();
        output.WriteLine($"h1 eth0: {after}; sent {stats[0]}, dropped {stats[1]}, arrived {stats[2]}");
        Assert.Equal(after.RxPackets - before.RxPackets + after.TxPackets - before.TxPackets, stats[0] + stats[1]);
        Assert.Equal(stats[0], stats[2]);
    }

    private static async Task<InterfaceStatistics> Counters(IActorRef iface) =>
        (await iface.Ask<Eth.Info>(Eth.GetInfo.Instance, TimeSpan.FromSeconds(5))).Statistics;

    private static async Task<int> Subscriptions(IActorRef iface) =>
        (await iface.Ask<Eth.Info>(Eth.GetInfo.Instance, TimeSpan.FromSeconds(5))).Subscriptions.Count;

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"waited 30 s for {what}");
            await Task.Delay(50);
        }
    }

    private void RequireErl() => TestEnvironment.Require(kernel is not null, "erl (apt-get install erlang-nox)");

    private ErlangPeer Erl(string eval)
    {
        var peer = ErlangPeer.Start(epmdPort, eval, cookie, netTicktime: 4);
        peers.Add(peer);
        return peer;
    }
}
