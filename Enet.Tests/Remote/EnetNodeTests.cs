using Akka.TestKit;
using Enet.TestKit;
using System.Net;
using System.Net.Sockets;
using Enet.Remote;
using Enet.Remote.Etf;
using Akka.Actor;
using Xunit;

namespace Enet.Tests.Remote;

/// <summary>Two Enet nodes on one machine, sharing an embedded EPMD; no erl needed.</summary>
public sealed class EnetNodeTests : EnetTestKit, IAsyncLifetime
{
    private readonly int _epmdPort = ErlangPeer.FreePort();
    private NetKernel _a = null!;
    private NetKernel _b = null!;

    public async Task InitializeAsync()
    {
        _a = await NetKernel.StartAsync(Sys, Settings("a"));
        _b = await NetKernel.StartAsync(Sys, Settings("b"));
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public void First_node_runs_the_embedded_epmd_and_the_second_uses_it()
    {
        Assert.True(_a.RunsEmbeddedEpmd);
        Assert.False(_b.RunsEmbeddedEpmd);
        Assert.NotEqual(0u, _a.Creation);
    }

    [Fact]
    public async Task Actor_registered_on_one_node_answers_an_actor_on_the_other()
    {
        _b.Register("enet_echo", Sys.ActorOf(Props.Create<EchoActor>()));
        _a.MonitorNodes(TestActor, true, MonitorNodesOptions.All);
        var term = new ErlTuple(new ErlAtom("x"), new ErlList([1, 2], new ErlAtom("t")), new ErlBinary([1, 2, 3]));
        _a.Remote("enet_echo", _b.NodeName).Tell(new ErlTuple(_a.PidOf(TestActor), term), TestActor);
        Assert.Equal(new NodeUp(_b.NodeName, NodeType.Hidden), ExpectMsg<NodeUp>(TimeSpan.FromSeconds(5)));
        Assert.Equal(new ErlTuple(new ErlAtom("enet_echo"), term), ExpectMsg<ErlTuple>(TimeSpan.FromSeconds(5)));
        Assert.Contains(_b.NodeName, _a.Nodes(NodeType.Hidden));
        Assert.Empty(_a.Nodes(NodeType.Visible));
    }

    [Fact]
    public async Task Disconnect_is_nodedown_disconnect_on_both_sides()
    {
        var probe = CreateTestProbe();
        _a.MonitorNodes(TestActor, true, MonitorNodesOptions.All);
        _b.MonitorNodes(probe.Ref, true, MonitorNodesOptions.All);
        Assert.True(await _a.ConnectNodeAsync(_b.NodeName));
        ExpectMsg<NodeUp>();
        probe.ExpectMsg<NodeUp>();
        Assert.True(_a.DisconnectNode(_b.NodeName));
        Assert.Equal("disconnect", ExpectMsg<NodeDown>().Reason);
        Assert.Equal("connection_closed", probe.ExpectMsg<NodeDown>().Reason);
    }

    [Fact]
    public async Task Node_outside_the_allow_list_is_refused_both_ways()
    {
        Assert.True(_b.Allow(["someone_else@localhost"]));
        Assert.False(await _a.ConnectNodeAsync(_b.NodeName));
        Assert.False(await _b.ConnectNodeAsync(_a.NodeName));
        Assert.False(_b.Allow([""]));
        Assert.True(_b.Allow([_a.NodeName]));
        Assert.True(await _a.ConnectNodeAsync(_b.NodeName));
    }

    [Fact]
    public async Task Wrong_cookie_is_refused()
    {
        await using var other = await NetKernel.StartAsync(Sys, Settings("c") with { Cookie = "other" });
        Assert.False(await other.ConnectNodeAsync(_a.NodeName));
        Assert.Empty(_a.Nodes(null));
    }

    [Fact]
    public async Task Malformed_handshake_bytes_are_rejected_and_the_node_keeps_working()
    {
        foreach (var garbage in new byte[][] { [0, 0], [0xFF, 0xFF, 1, 2], [0, 3, (byte)'n', 0, 5], [0, 5, (byte)'N', 1, 2, 3, 4], [0, 30, (byte)'N', .. new byte[29]] })
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, _a.Port);
            await socket.SendAsync(garbage);
            var buffer = new byte[64];
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(12));
                while (await socket.ReceiveAsync(buffer, timeout.Token) > 0)
                {
                }
            }
            catch (SocketException)
            {
            }
        }
        Assert.True(await _b.ConnectNodeAsync(_a.NodeName));
    }

    [Fact]
    public async Task Simultaneous_connect_both_ways_ends_in_one_connection_and_one_nodeup_each()
    {
        var probe = CreateTestProbe();
        _a.MonitorNodes(TestActor, true, MonitorNodesOptions.All);
        _b.MonitorNodes(probe.Ref, true, MonitorNodesOptions.All);
        var both = await Task.WhenAll(_a.ConnectNodeAsync(_b.NodeName), _b.ConnectNodeAsync(_a.NodeName));
        Assert.Equal([true, true], both);
        ExpectMsg<NodeUp>();
        probe.ExpectMsg<NodeUp>();
        // Every handshake of either side has ended, so any nodeup it caused has been told (the monitors are probes on
        // the calling-thread dispatcher: told is received). An initiator's handshake ends only after the acceptor's
        // began, so a, b, a all at 0 leaves none running: a's ended before the first read and b's parts of them
        // before the second; b's ended before the second and a's parts of them before the third.
        AwaitCondition(() => _a.HandshakesInProgress == 0 && _b.HandshakesInProgress == 0 && _a.HandshakesInProgress == 0,
            TimeSpan.FromSeconds(20));
        ExpectNoMsg(TimeSpan.Zero);
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal([_b.NodeName], _a.Nodes(null));
        Assert.Equal([_a.NodeName], _b.Nodes(null));
    }

    [Theory]
    [InlineData("0sim", "nok")]
    [InlineData("zsim", "ok_simultaneous")]
    public async Task Connect_from_a_node_we_are_connecting_to_is_settled_by_name_order(string alive, string status)
    {
        // A peer that accepts our connection but never answers keeps our attempt pending.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var registration = await new Enet.Remote.Epmd.EpmdClient("localhost", _epmdPort)
            .RegisterAsync(new Enet.Remote.Epmd.EpmdNodeInfo(alive, ((IPEndPoint)silent.LocalEndpoint).Port, Hidden: true));
        var peer = alive + "@localhost";
        var attempt = _a.ConnectNodeAsync(peer);
        using var held = await silent.AcceptSocketAsync();
        using var socket = await RawSendName(_a.Port, peer);
        Assert.Equal("s" + status, await ReadHandshakeMessage(socket));
        Assert.Equal(status, NetKernel.SimultaneousConnectStatus(_a.NodeName, peer));
        Assert.False(attempt.IsCompleted);
    }

    [Fact]
    public async Task Connect_under_the_name_of_a_connected_node_is_answered_alive_and_false_keeps_the_old_connection()
    {
        Assert.True(await _a.ConnectNodeAsync(_b.NodeName));
        using var socket = await RawSendName(_b.Port, _a.NodeName);
        Assert.Equal("salive", await ReadHandshakeMessage(socket));
        await socket.SendAsync(new byte[] { 0, 6, (byte)'s', (byte)'f', (byte)'a', (byte)'l', (byte)'s', (byte)'e' });
        var buffer = new byte[16];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.Equal(0, await socket.ReceiveAsync(buffer, timeout.Token));
        Assert.Equal([_a.NodeName], _b.Nodes(null));
    }

    [Fact]
    public async Task Malformed_distribution_packet_after_the_handshake_closes_that_link_only()
    {
        _a.MonitorNodes(TestActor, true, MonitorNodesOptions.All);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _a.Port);
        var stream = new NetworkStream(socket);
        var raw = "raw_" + Guid.NewGuid().ToString("N")[..6] + "@localhost";
        await Enet.Remote.Distribution.Handshake.InitiateAsync(stream,
            new(raw, 1, "shared", Enet.Remote.Distribution.DistributionFlags.Advertised), CancellationToken.None);
        Assert.Equal(raw, ExpectMsg<NodeUp>().Node);
        // A pass-through packet whose control message is a truncated tuple.
        await stream.WriteAsync(new byte[] { 0, 0, 0, 5, (byte)'p', 131, 104, 3, 97 });
        Assert.Equal(new NodeDown(raw, NodeType.Hidden, "killed"), ExpectMsg<NodeDown>());
        Assert.True(await _b.ConnectNodeAsync(_a.NodeName));
    }

    [Fact]
    public async Task Set_net_ticktime_is_unchanged_change_initiated_then_ongoing_and_links_survive_the_transition()
    {
        Assert.True(await _a.ConnectNodeAsync(_b.NodeName));
        _a.MonitorNodes(TestActor, true, MonitorNodesOptions.All);
        var transition = TimeSpan.FromSeconds(1);
        Assert.Equal(new NetTicktime(NetTicktime.Unchanged, TimeSpan.FromSeconds(4)), _a.SetNetTicktime(TimeSpan.FromSeconds(4), transition));
        Assert.Equal(new NetTicktime(NetTicktime.ChangeInitiated, TimeSpan.FromSeconds(2)), _a.SetNetTicktime(TimeSpan.FromSeconds(2), transition));
        Assert.Equal(new NetTicktime(NetTicktime.OngoingChangeTo, TimeSpan.FromSeconds(2)), _a.SetNetTicktime(TimeSpan.FromSeconds(8), transition));
        Assert.Equal(new NetTicktime(NetTicktime.OngoingChangeTo, TimeSpan.FromSeconds(2)), _a.GetNetTicktime());
        AwaitAssert(() => Assert.Equal(new NetTicktime(NetTicktime.Unchanged, TimeSpan.FromSeconds(2)), _a.GetNetTicktime()), TimeSpan.FromSeconds(3));
        // Three new ticktimes of application silence: ticks at the new interval keep the link up.
        ExpectNoMsg(TimeSpan.FromSeconds(6));
        Assert.Equal([_b.NodeName], _a.Nodes(null));
    }

    [Fact]
    public async Task Stop_is_ok_then_not_found_and_not_allowed_for_a_node_started_from_configuration()
    {
        var c = await NetKernel.StartAsync(Sys, Settings("c"));
        var fixedNode = await NetKernel.StartAsync(Sys, Settings("d") with { Dynamic = false });
        Assert.Equal("ok", await c.StopAsync());
        Assert.Equal("not_found", await c.StopAsync());
        Assert.Null(await new Enet.Remote.Epmd.EpmdClient("localhost", _epmdPort).LookupAsync(c.NodeName.Split('@')[0]));
        Assert.Equal("not_allowed", await fixedNode.StopAsync());
        Assert.True(await _a.ConnectNodeAsync(fixedNode.NodeName));
        await fixedNode.DisposeAsync();
    }

    [Fact]
    public async Task Dist_auto_connect_never_sends_nothing_and_once_does_not_reconnect_after_nodedown()
    {
        await using var never = await NetKernel.StartAsync(Sys, Settings("n") with { AutoConnect = DistAutoConnect.Never });
        _b.Register("enet_echo", Sys.ActorOf(Props.Create<EchoActor>()));
        never.Remote("enet_echo", _b.NodeName).Tell(new ErlTuple(never.PidOf(TestActor), 1), TestActor);
        Assert.Empty(never.Nodes(null));
        // A monitor fails at once with noconnection only when no connection is up or being set up: had the send
        // above started one, the monitor would wait for it and succeed, and the echo would answer.
        never.Monitor(TestActor, never.Remote("enet_echo", _b.NodeName));
        Assert.Equal(new ErlAtom("noconnection"), ExpectMsg<RemoteProcessDown>().Reason);

        await using var once = await NetKernel.StartAsync(Sys, Settings("o") with { AutoConnect = DistAutoConnect.Once });
        var echo = once.Remote("enet_echo", _b.NodeName);
        echo.Tell(new ErlTuple(once.PidOf(TestActor), 2), TestActor);
        ExpectMsg<ErlTuple>(TimeSpan.FromSeconds(5));
        once.MonitorNodes(TestActor, true, MonitorNodesOptions.All);
        Assert.True(once.DisconnectNode(_b.NodeName));
        ExpectMsg<NodeDown>();
        // Had this send reconnected, its answer would come on that connection ahead of the nodeup or the answer to 4.
        echo.Tell(new ErlTuple(once.PidOf(TestActor), 3), TestActor);
        Assert.True(await once.ConnectNodeAsync(_b.NodeName));
        ExpectMsg<NodeUp>();
        echo.Tell(new ErlTuple(once.PidOf(TestActor), 4), TestActor);
        Assert.Equal(new ErlTuple(new ErlAtom("enet_echo"), 4), ExpectMsg<ErlTuple>(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Associated_and_disassociated_events_are_published_on_the_event_stream()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(AssociatedEvent));
        Sys.EventStream.Subscribe(TestActor, typeof(DisassociatedEvent));
        Assert.True(await _a.ConnectNodeAsync(_b.NodeName));
        var up = new[] { ExpectMsg<AssociatedEvent>(), ExpectMsg<AssociatedEvent>() };
        Assert.Contains(new AssociatedEvent(_a.NodeName, _b.NodeName, IsInbound: false), up);
        Assert.Contains(new AssociatedEvent(_b.NodeName, _a.NodeName, IsInbound: true), up);
        _a.DisconnectNode(_b.NodeName);
        var down = new[] { ExpectMsg<DisassociatedEvent>(), ExpectMsg<DisassociatedEvent>() };
        Assert.Contains(new DisassociatedEvent(_a.NodeName, _b.NodeName, IsInbound: false, "disconnect"), down);
        Assert.Contains(new DisassociatedEvent(_b.NodeName, _a.NodeName, IsInbound: true, "connection_closed"), down);
    }

    [Fact]
    public void Actors_on_two_nodes_monitor_and_link_each_other_by_name_and_pid()
    {
        var target = Sys.ActorOf(Props.Create<EchoActor>());
        _b.Register("target", target);
        var linked = CreateTestProbe();
        _a.Monitor(TestActor, _a.Remote("target", _b.NodeName));
        _a.Link(linked.Ref, _a.Remote(_b.PidOf(target)));
        // An echo after the monitor and link: they are on the wire, in order, before the actor stops.
        _a.Remote("target", _b.NodeName).Tell(new ErlTuple(_a.PidOf(TestActor), 0), TestActor);
        ExpectMsg<ErlTuple>(TimeSpan.FromSeconds(5));
        Sys.Stop(target);
        Assert.Equal(new ErlAtom("normal"), ExpectMsg<RemoteProcessDown>().Reason);
        var exit = linked.ExpectMsg<ExitSignal>();
        Assert.Equal(_b.PidOf(target), exit.From.Pid);
        Assert.Equal(new ErlAtom("normal"), exit.Reason);
    }

    [Fact]
    public void Watching_an_actor_on_another_node_is_Terminated_when_it_stops_by_name_and_by_pid()
    {
        var target = Sys.ActorOf(Props.Create<EchoActor>());
        _b.Register("target", target);
        var byName = _a.Remote("target", _b.NodeName);
        var byPid = _a.Remote(_b.PidOf(target));
        Watch(byName);
        Watch(byPid);
        byName.Tell(new ErlTuple(_a.PidOf(TestActor), 0), TestActor);
        ExpectMsg<ErlTuple>(TimeSpan.FromSeconds(5));
        Sys.Stop(target);
        // Each Terminated follows the exit reason of the same process (Akka's Terminated has no reason).
        var received = ReceiveN(4, TimeSpan.FromSeconds(5)).ToList();
        var terminated = received.OfType<Terminated>().ToList();
        var exits = received.OfType<RemoteProcessExit>().ToList();
        Assert.Equal(new IActorRef[] { byName, byPid }.ToHashSet(), terminated.Select(t => t.ActorRef).ToHashSet());
        Assert.Equal(new IActorRef[] { byName, byPid }.ToHashSet(), exits.Select(e => (IActorRef)e.Process).ToHashSet());
        Assert.All(exits, e => Assert.Equal(new ErlAtom("normal"), e.Reason));
        Assert.All(exits, e => Assert.True(received.IndexOf(e) < received.FindIndex(m => m is Terminated t && t.ActorRef.Equals(e.Process))));
    }

    [Fact]
    public void Watching_a_name_another_node_does_not_know_is_Terminated_with_noproc()
    {
        var nobody = _a.Remote("nobody", _b.NodeName);
        Watch(nobody);
        Assert.Equal(new ErlAtom("noproc"), ExpectMsg<RemoteProcessExit>(TimeSpan.FromSeconds(5)).Reason);
        var terminated = ExpectTerminated(nobody, TimeSpan.FromSeconds(5));
        Assert.False(terminated.ExistenceConfirmed);
    }

    [Fact]
    public void A_watched_actor_whose_node_goes_down_is_Terminated_with_noconnection_and_an_unwatched_one_is_not()
    {
        var target = Sys.ActorOf(Props.Create<EchoActor>());
        var other = Sys.ActorOf(Props.Create<EchoActor>());
        _b.Register("target", target);
        _b.Register("other", other);
        var watched = _a.Remote("target", _b.NodeName);
        var unwatched = _a.Remote("other", _b.NodeName);
        Watch(watched);
        Watch(unwatched);
        Unwatch(unwatched);
        watched.Tell(new ErlTuple(_a.PidOf(TestActor), 0), TestActor);
        ExpectMsg<ErlTuple>(TimeSpan.FromSeconds(5));
        Assert.True(_a.DisconnectNode(_b.NodeName));
        Assert.Equal(new ErlAtom("noconnection"), ExpectMsg<RemoteProcessExit>(e => e.Process.Equals(watched), TimeSpan.FromSeconds(5)).Reason);
        var terminated = ExpectTerminated(watched, TimeSpan.FromSeconds(5));
        Assert.True(terminated.AddressTerminated);
        ExpectNoMsgWhenIdle();
    }

    [Fact]
    public void Unlink_id_is_understood_and_no_exit_follows_an_unlink()
    {
        var target = Sys.ActorOf(Props.Create<EchoActor>());
        _b.Register("target", target);
        var linked = CreateTestProbe();
        var remote = _a.Remote(_b.PidOf(target));
        _a.Link(linked.Ref, remote);
        _a.Unlink(linked.Ref, remote);
        remote.Tell(new ErlTuple(_a.PidOf(TestActor), 0), TestActor);
        ExpectMsg<ErlTuple>(TimeSpan.FromSeconds(5));
        Assert.Equal(0, _b.UnhandledControlMessages);
        Assert.Equal(0, _a.UnhandledControlMessages);
        Sys.Stop(target);
        // An exit signal would leave b once its termination watcher has seen the stop, ahead on the connection of the
        // answer to a message sent after that: once the answer is here, so would the exit be.
        AwaitIdle();
        _b.Register("barrier", Sys.ActorOf(Props.Create<EchoActor>()));
        _a.Remote("barrier", _b.NodeName).Tell(new ErlTuple(_a.PidOf(TestActor), 1), TestActor);
        ExpectMsg<ErlTuple>(TimeSpan.FromSeconds(5));
        linked.ExpectNoMsg(TimeSpan.Zero);
    }

    private static async Task<Socket> RawSendName(int port, string name)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        var message = new byte[2 + 15 + bytes.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(message, (ushort)(15 + bytes.Length));
        message[2] = (byte)'N';
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(3), Enet.Remote.Distribution.DistributionFlags.Advertised);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(11), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(15), (ushort)bytes.Length);
        bytes.CopyTo(message, 17);
        await socket.SendAsync(message);
        return socket;
    }

    private static async Task<string> ReadHandshakeMessage(Socket socket)
    {
        var stream = new NetworkStream(socket, ownsSocket: false);
        var head = new byte[2];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await stream.ReadExactlyAsync(head, timeout.Token);
        var body = new byte[System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(head)];
        await stream.ReadExactlyAsync(body, timeout.Token);
        return System.Text.Encoding.ASCII.GetString(body);
    }

    private NetKernelSettings Settings(string alive) => new($"{alive}_{Guid.NewGuid():N}"[..12])
    {
        Cookie = "shared",
        EpmdPort = _epmdPort,
        NetTicktime = TimeSpan.FromSeconds(4),
    };
}
