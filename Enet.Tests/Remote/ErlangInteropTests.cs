using Akka.TestKit;
using Enet.TestKit;
using System.Diagnostics;
using Enet.Remote;
using Enet.Remote.Etf;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Remote;

/// <summary>An Enet node and a real erl node (OTP 25) as peers, each test with its own EPMD port and cookie.</summary>
public sealed class ErlangInteropTests(ITestOutputHelper output) : EnetTestKit, IAsyncLifetime
{
    private static readonly TimeSpan Ticktime = TimeSpan.FromSeconds(4);
    private readonly string _cookie = "c" + Guid.NewGuid().ToString("N")[..12];
    private readonly int _epmdPort = ErlangPeer.FreePort();
    private readonly List<ErlangPeer> _peers = [];
    private NetKernel? _kernel;

    private NetKernel Kernel => _kernel!;

    private string EnetNode => Kernel.NodeName;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.FindTool("erl") is null)
            return;
        _kernel = await NetKernel.StartAsync(Sys, new NetKernelSettings("enet_" + Guid.NewGuid().ToString("N")[..8])
        {
            Cookie = _cookie,
            NetTicktime = Ticktime,
            EpmdPort = _epmdPort,
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var peer in _peers)
        {
            output.WriteLine($"--- {peer.Alive}:\n" + string.Join("\n", peer.Seen));
            peer.Dispose();
        }
        if (_kernel is not null)
            await _kernel.DisposeAsync();
    }

    [SkippableFact]
    public void Erlang_ping_answers_pong_and_both_sides_see_nodeup()
    {
        RequireErl();
        Kernel.MonitorNodes(TestActor, true, MonitorNodesOptions.All);
        var peer = Erl($"net_kernel:monitor_nodes(true, [{{node_type, all}}, nodedown_reason]), io:format(\"~p~n\", [net_adm:ping('{EnetNode}')]), receive {{nodeup, N, I}} -> io:format(\"nodeup ~p ~p~n\", [N, I]) after 5000 -> io:format(\"no_nodeup~n\") end");
        peer.WaitForLine("pong");
        Assert.Equal(new NodeUp(peer.NodeName, NodeType.Visible), ExpectMsg<NodeUp>(TimeSpan.FromSeconds(10)));
        Assert.Contains($"nodeup {EnetNode} [{{node_type,hidden}}]", peer.WaitForLine("nodeup"));
    }

    [SkippableFact]
    public void Every_term_type_round_trips_Erlang_to_an_Enet_actor_and_back()
    {
        RequireErl();
        Kernel.Register("enet_echo", Sys.ActorOf(Props.Create<EchoActor>()));
        var peer = Erl("T = {atom, 'ünïcödé', <<\"bin\">>, <<1:3>>, [1,2|improper], \"str\", [], {}, 42, -7, 1 bsl 80, -(1 bsl 300), 3.25, " +
            "#{k => [v], <<\"b\">> => 1.0}, self(), make_ref(), hd(erlang:ports()), fun erlang:node/0, fun(X) -> X end, lists:seq(1, 400)}, " +
            $"{{enet_echo, '{EnetNode}'}} ! {{self(), T}}, " +
            "receive {enet_echo, T} -> io:format(\"echo_ok~n\"); Other -> io:format(\"echo_bad ~p~n\", [Other]) after 5000 -> io:format(\"echo_timeout~n\") end");
        peer.WaitForLine("echo_");
        Assert.Contains("echo_ok", peer.WaitForLine("echo_"));
    }

    [SkippableFact]
    public async Task Enet_connects_to_Erlang_and_a_registered_process_replies_to_the_actor()
    {
        RequireErl();
        Kernel.MonitorNodes(TestActor, true);
        var peer = Erl("register(shell_proc, self()), io:format(\"ready~n\"), receive {From, Msg} -> From ! {reply, Msg} after 10000 -> io:format(\"timeout~n\") end, timer:sleep(1000)");
        peer.WaitForLine("ready");
        Assert.True(await Kernel.ConnectNodeAsync(peer.NodeName));
        ExpectMsg<NodeUp>(n => n.Node == peer.NodeName);
        Assert.Contains(peer.NodeName, Kernel.Nodes());
        Kernel.Remote("shell_proc", peer.NodeName).Tell(new ErlTuple(Kernel.PidOf(TestActor), new ErlAtom("hello")), TestActor);
        var reply = ExpectMsg<ErlTuple>(TimeSpan.FromSeconds(5));
        Assert.Equal(new ErlTuple(new ErlAtom("reply"), new ErlAtom("hello")), reply);
        Assert.Equal(peer.NodeName, ExpectMsg<NodeDown>(TimeSpan.FromSeconds(10)).Node);
    }

    [SkippableFact]
    public async Task Killed_peer_is_nodedown_connection_closed()
    {
        RequireErl();
        Kernel.MonitorNodes(TestActor, true);
        var peer = Erl("io:format(\"ready~n\"), timer:sleep(30000)");
        peer.WaitForLine("ready");
        Assert.True(await Kernel.ConnectNodeAsync(peer.NodeName));
        ExpectMsg<NodeUp>();
        peer.Kill();
        Assert.Equal(new NodeDown(peer.NodeName, NodeType.Visible, "connection_closed"), ExpectMsg<NodeDown>(TimeSpan.FromSeconds(10)));
    }

    [SkippableFact]
    public async Task Peer_stays_connected_across_ticks_and_a_frozen_peer_is_net_tick_timeout()
    {
        RequireErl();
        Kernel.MonitorNodes(TestActor, true);
        var peer = Erl("io:format(\"ready~n\"), timer:sleep(40000)");
        peer.WaitForLine("ready");
        Assert.True(await Kernel.ConnectNodeAsync(peer.NodeName));
        ExpectMsg<NodeUp>();
        // Three ticktimes of silence from both applications: only ticks keep the link up.
        ExpectNoMsg(Ticktime * 3);
        Assert.Contains(peer.NodeName, Kernel.Nodes());
        peer.Signal("STOP");
        try
        {
            var sw = Stopwatch.StartNew();
            Assert.Equal("net_tick_timeout", ExpectMsg<NodeDown>(Ticktime * 3).Reason);
            output.WriteLine($"net_tick_timeout after {sw.Elapsed.TotalSeconds:F2} s (ticktime {Ticktime.TotalSeconds} s)");
        }
        finally
        {
            peer.Signal("CONT");
        }
    }

    [SkippableFact]
    public void Wrong_cookie_is_refused_without_nodeup()
    {
        RequireErl();
        Kernel.MonitorNodes(TestActor, true, MonitorNodesOptions.All);
        Sys.EventStream.Subscribe(TestActor, typeof(AssociationErrorEvent));
        var peer = Erl($"io:format(\"~p~n\", [net_adm:ping('{EnetNode}')])", cookie: "not_the_cookie");
        Assert.Contains("pang", peer.WaitForLine("ng"));
        ExpectMsg<AssociationErrorEvent>(TimeSpan.FromSeconds(5));
        // A nodeup would have been told (on the accepting thread, straight into the test actor's queue) before Enet
        // answered the peer's digest, so before the peer could print pang.
        ExpectNoMsg(TimeSpan.Zero);
    }

    [SkippableFact]
    public void Erlang_monitoring_an_Enet_actor_gets_DOWN_when_it_stops()
    {
        RequireErl();
        var victim = Sys.ActorOf(Props.Create<EchoActor>());
        Kernel.Register("victim", victim);
        var peer = Erl($"Ref = erlang:monitor(process, {{victim, '{EnetNode}'}}), " +
            $"{{victim, '{EnetNode}'}} ! {{self(), ping}}, receive {{enet_echo, ping}} -> io:format(\"monitoring~n\") end, " +
            "receive {'DOWN', Ref, process, _, R} -> io:format(\"down ~p~n\", [R]) after 10000 -> io:format(\"no_down~n\") end");
        peer.WaitForLine("monitoring");
        Sys.Stop(victim);
        Assert.Contains("down normal", peer.WaitForLine("down"));
    }

    [SkippableFact]
    public async Task Enet_actor_monitoring_an_Erlang_process_gets_its_exit_reason()
    {
        RequireErl();
        // The target is spawned: had the evaluating process exited, erl would halt at once, and the connection could
        // close before the exit reason went out (noconnection instead of bye; stability run of session 10).
        var peer = Erl("Target = spawn(fun() -> receive die -> exit(bye) end end), register(target, Target), " +
            "io:format(\"ready~n\"), timer:sleep(20000)");
        peer.WaitForLine("ready");
        Assert.True(await Kernel.ConnectNodeAsync(peer.NodeName));
        var target = Kernel.Remote("target", peer.NodeName);
        Kernel.Monitor(TestActor, target);
        target.Tell(new ErlAtom("die"), TestActor);
        Assert.Equal(new ErlAtom("bye"), ExpectMsg<RemoteProcessDown>(TimeSpan.FromSeconds(5)).Reason);
    }

    [SkippableFact]
    public void Erlang_process_linked_to_an_Enet_actor_gets_its_exit_when_the_actor_stops()
    {
        RequireErl();
        var victim = Sys.ActorOf(Props.Create<EchoActor>());
        Kernel.Register("victim", victim);
        Kernel.Register("probe", TestActor);
        var peer = Erl("process_flag(trap_exit, true), register(shell, self()), io:format(\"ready~n\"), " +
            $"receive {{pid, P}} -> link(P), {{probe, '{EnetNode}'}} ! linked end, " +
            "receive {'EXIT', _, R} -> io:format(\"exit ~p~n\", [R]) after 10000 -> io:format(\"no_exit~n\") end");
        peer.WaitForLine("ready");
        Kernel.Remote("shell", peer.NodeName).Tell(new ErlTuple(new ErlAtom("pid"), Kernel.PidOf(victim)), TestActor);
        // The probe message follows the LINK on the same connection, so the link is in place now.
        ExpectMsg<ErlAtom>(a => a.Name == "linked", TimeSpan.FromSeconds(10));
        Sys.Stop(victim);
        Assert.Equal("exit normal", peer.WaitForLine("exit"));
    }

    [SkippableFact]
    public void Enet_actor_linked_to_an_Erlang_process_gets_its_exit_reason_and_not_after_unlink()
    {
        RequireErl();
        Kernel.Register("probe", TestActor);
        var peer = Erl($"Spawn = fun() -> spawn(fun() -> {{probe, '{EnetNode}'}} ! {{ready, self()}}, receive die -> exit(bye) end end) end, " +
            "Spawn(), Spawn(), timer:sleep(10000)");
        var first = (ErlPid)ExpectMsg<ErlTuple>(TimeSpan.FromSeconds(10))[1];
        var second = (ErlPid)ExpectMsg<ErlTuple>(TimeSpan.FromSeconds(5))[1];
        var linked = CreateTestProbe();
        var unlinked = CreateTestProbe();
        Kernel.Link(linked.Ref, Kernel.Remote(first));
        Kernel.Link(unlinked.Ref, Kernel.Remote(second));
        Kernel.Unlink(unlinked.Ref, Kernel.Remote(second));
        Kernel.Monitor(unlinked.Ref, Kernel.Remote(second));
        Kernel.Remote(first).Tell(new ErlAtom("die"), TestActor);
        Kernel.Remote(second).Tell(new ErlAtom("die"), TestActor);
        var exit = linked.ExpectMsg<ExitSignal>(TimeSpan.FromSeconds(5));
        Assert.Equal((first, new ErlAtom("bye")), (exit.From.Pid, exit.Reason));
        // The unlinked process died too (the monitor says so), but no exit signal came for it.
        Assert.Equal(new ErlAtom("bye"), unlinked.ExpectMsg<RemoteProcessDown>(TimeSpan.FromSeconds(5)).Reason);
        // Barrier: the connection's end. Whatever erl sent before it is dispatched before the nodedown, and a link
        // still held would end with noconnection before it, all told to this probe from the connection's reader.
        Kernel.MonitorNodes(unlinked.Ref, true);
        peer.Kill();
        Assert.Equal(peer.NodeName, unlinked.ExpectMsg<NodeDown>(TimeSpan.FromSeconds(10)).Node);
    }

    [SkippableFact]
    public void Exit_signals_both_ways_and_trace_tokens_are_understood()
    {
        RequireErl();
        Kernel.Register("enet_echo", Sys.ActorOf(Props.Create<EchoActor>()));
        Kernel.Register("probe", TestActor);
        // With a seq_trace token set every signal goes as its _TT variant: REG_SEND_TT, SEND_TT, EXIT2_TT.
        var peer = Erl("process_flag(trap_exit, true), seq_trace:set_token(label, 17), " +
            $"{{enet_echo, '{EnetNode}'}} ! {{self(), traced}}, receive {{enet_echo, traced}} -> io:format(\"echo_tt_ok~n\") after 5000 -> io:format(\"echo_tt_timeout~n\") end, " +
            $"{{probe, '{EnetNode}'}} ! {{ready, self()}}, " +
            "receive {pid, P} -> exit(P, {shutdown, traced}) end, " +
            "receive {'EXIT', _, R} -> io:format(\"exit2 ~p~n\", [R]) after 10000 -> io:format(\"no_exit2~n\") end");
        Assert.Equal("echo_tt_ok", peer.WaitForLine("echo_tt"));
        var shell = (ErlPid)ExpectMsg<ErlTuple>(TimeSpan.FromSeconds(10))[1];
        Kernel.Remote(shell).Tell(new ErlTuple(new ErlAtom("pid"), Kernel.PidOf(TestActor)), TestActor);
        var exit = ExpectMsg<ExitSignal>(TimeSpan.FromSeconds(5));
        Assert.Equal((shell, (Term)new ErlTuple(new ErlAtom("shutdown"), new ErlAtom("traced"))), (exit.From.Pid!, exit.Reason));
        Kernel.Exit(TestActor, Kernel.Remote(shell), new ErlAtom("from_enet"));
        Assert.Equal("exit2 from_enet", peer.WaitForLine("exit2"));
    }

    [SkippableFact]
    public async Task Tell_to_a_peer_that_does_not_read_waits_at_the_busy_limit_and_then_delivers_everything()
    {
        RequireErl();
        var peer = Erl("register(sink, self()), io:format(\"ready~n\"), " +
            "Count = fun C(N) -> receive _ -> C(N + 1) after 5000 -> N end end, io:format(\"got ~p~n\", [Count(0)])");
        peer.WaitForLine("ready");
        Assert.True(await Kernel.ConnectNodeAsync(peer.NodeName));
        var sink = Kernel.Remote("sink", peer.NodeName);
        var binary = new ErlBinary(new byte[1 << 20]);
        var sent = 0;
        Task sender;
        // Frozen for well under the tick timeout (4 intervals of 1 s): the peer reads nothing meanwhile.
        peer.Signal("STOP");
        try
        {
            sender = Task.Factory.StartNew(() =>
            {
                for (var k = 0; k < 64; k++)
                {
                    sink.Tell(binary, ActorRefs.NoSender);
                    Interlocked.Increment(ref sent);
                }
            }, TaskCreationOptions.LongRunning);
            // Suspended, as OTP suspends a process sending on a busy connection, instead of queuing 64 MiB: the frozen
            // peer reads nothing, so the socket buffers (a few MiB) and the queue hold all that left the sender.
            var connection = Kernel.ConnectionTo(peer.NodeName)!;
            AwaitCondition(() => connection.BusySuspensions > 0, TimeSpan.FromSeconds(3));
            Assert.False(sender.IsCompleted);
            Assert.InRange(Volatile.Read(ref sent), 1, 63);
            Assert.InRange(connection.MaxQueuedBytes, 1, connection.BusyLimit + binary.Bytes.Length + 1024);
        }
        finally
        {
            peer.Signal("CONT");
        }
        await sender.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("got 64", peer.WaitForLine("got", TimeSpan.FromSeconds(30)));
    }

    [SkippableFact]
    public async Task Watching_an_Erlang_process_is_Terminated_with_its_exit_reason_and_not_after_unwatch()
    {
        RequireErl();
        // Both watched processes are spawned: had the evaluating process exited, erl would halt at once, and the
        // connection could close before the exit reason went out (noconnection instead of bye).
        var peer = Erl("First = spawn(fun() -> receive die -> exit(bye) end end), register(first, First), " +
            "Second = spawn(fun() -> receive die -> exit(gone) end end), register(second, Second), " +
            "io:format(\"ready~n\"), timer:sleep(20000)");
        peer.WaitForLine("ready");
        Assert.True(await Kernel.ConnectNodeAsync(peer.NodeName));
        var first = Kernel.Remote("first", peer.NodeName);
        var second = Kernel.Remote("second", peer.NodeName);
        Watch(first);
        Watch(second);
        Unwatch(second);
        second.Tell(new ErlAtom("die"), TestActor);
        first.Tell(new ErlAtom("die"), TestActor);
        // MONITOR_P_EXIT carries the exit reason; the unwatched process's exit is never reported.
        Assert.Equal(new ErlAtom("bye"), ExpectMsg<RemoteProcessExit>(TimeSpan.FromSeconds(5)).Reason);
        var terminated = ExpectTerminated(first, TimeSpan.FromSeconds(5));
        Assert.True(terminated.ExistenceConfirmed);
        Assert.False(terminated.AddressTerminated);
        // Barrier: the connection's end. A DOWN erl sent for the unwatched process is dispatched before the nodedown,
        // and a watch still held would end with noconnection before it, all told from the connection's reader.
        Kernel.MonitorNodes(TestActor, true);
        peer.Kill();
        Assert.Equal(peer.NodeName, ExpectMsg<NodeDown>(TimeSpan.FromSeconds(10)).Node);
    }

    [SkippableFact]
    public async Task Watching_a_name_Erlang_does_not_know_is_Terminated_at_once_with_noproc()
    {
        RequireErl();
        var peer = Erl("io:format(\"ready~n\"), timer:sleep(20000)");
        peer.WaitForLine("ready");
        Assert.True(await Kernel.ConnectNodeAsync(peer.NodeName));
        var nobody = Kernel.Remote("nobody_here", peer.NodeName);
        Watch(nobody);
        Assert.Equal(new ErlAtom("noproc"), ExpectMsg<RemoteProcessExit>(TimeSpan.FromSeconds(5)).Reason);
        var terminated = ExpectTerminated(nobody, TimeSpan.FromSeconds(5));
        Assert.False(terminated.ExistenceConfirmed);
    }

    [SkippableFact]
    public void Watching_an_Erlang_process_whose_node_goes_down_is_Terminated_with_noconnection()
    {
        RequireErl();
        Kernel.Register("probe", TestActor);
        var peer = Erl($"register(target, self()), {{probe, '{EnetNode}'}} ! {{ready, self()}}, timer:sleep(30000)");
        var pid = (ErlPid)ExpectMsg<ErlTuple>(TimeSpan.FromSeconds(10))[1];
        var target = Kernel.Remote(pid);
        Watch(target);
        // A round trip after the watch: MONITOR_P is on the wire, and taken, before the node dies.
        Kernel.Remote("target", peer.NodeName).Tell(new ErlAtom("x"), TestActor);
        peer.Kill();
        Assert.Equal(new ErlAtom("noconnection"), ExpectMsg<RemoteProcessExit>(TimeSpan.FromSeconds(10)).Reason);
        var terminated = ExpectTerminated(target, TimeSpan.FromSeconds(10));
        Assert.True(terminated.AddressTerminated);
    }

    [SkippableFact]
    public void Node_going_down_ends_monitors_and_links_with_noconnection()
    {
        RequireErl();
        Kernel.Register("probe", TestActor);
        var peer = Erl($"register(target, self()), {{probe, '{EnetNode}'}} ! {{ready, self()}}, timer:sleep(30000)");
        var pid = (ErlPid)ExpectMsg<ErlTuple>(TimeSpan.FromSeconds(10))[1];
        var linked = CreateTestProbe();
        Kernel.Monitor(TestActor, Kernel.Remote("target", peer.NodeName));
        Kernel.Link(linked.Ref, Kernel.Remote(pid));
        peer.Kill();
        Assert.Equal(new ErlAtom("noconnection"), ExpectMsg<RemoteProcessDown>(TimeSpan.FromSeconds(10)).Reason);
        Assert.Equal(new ErlAtom("noconnection"), linked.ExpectMsg<ExitSignal>(TimeSpan.FromSeconds(5)).Reason);
    }

    [SkippableFact]
    public async Task Disconnect_node_is_nodedown_on_the_Erlang_side_and_nodes_lists_it_by_type()
    {
        RequireErl();
        var peer = Erl($"net_kernel:monitor_nodes(true, [{{node_type, all}}, nodedown_reason]), io:format(\"ready~n\"), " +
            "receive {nodeup, _, _} -> io:format(\"up~n\") end, receive {nodedown, N, I} -> io:format(\"nodedown ~p~n\", [I]) after 15000 -> io:format(\"no_nodedown~n\") end");
        peer.WaitForLine("ready");
        Assert.True(await Kernel.ConnectNodeAsync(peer.NodeName));
        peer.WaitForLine("up");
        Assert.Equal([peer.NodeName], Kernel.Nodes());
        Assert.Empty(Kernel.Nodes(NodeType.Hidden));
        Assert.Equal([peer.NodeName], Kernel.Nodes(null));
        Assert.True(Kernel.DisconnectNode(peer.NodeName));
        Assert.Contains("{nodedown_reason,connection_closed}", peer.WaitForLine("nodedown"));
        Assert.Empty(Kernel.Nodes(null));
    }

    /// <summary>Skips (or fails, in CI) the test when InitializeAsync found no erl and so started no kernel.</summary>
    private void RequireErl() => TestEnvironment.Require(_kernel is not null, "erl (apt-get install erlang-nox)");

    private ErlangPeer Erl(string eval, string? cookie = null)
    {
        var peer = ErlangPeer.Start(_epmdPort, eval, cookie ?? _cookie, netTicktime: (int)Ticktime.TotalSeconds);
        _peers.Add(peer);
        return peer;
    }
}
