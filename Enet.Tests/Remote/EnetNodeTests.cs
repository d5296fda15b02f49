using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Enet.Remote;
using Enet.Remote.Etf;
using Enet.Runtime.Actor;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Remote;

/// <summary>Two Enet nodes on one machine, sharing an embedded EPMD; no erl needed.</summary>
public sealed class EnetNodeTests(ITestOutputHelper output) : Enet.TestKit.TestKit, IAsyncLifetime
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
    public async Task Small_message_round_trip_latency_between_Enet_nodes()
    {
        _b.Register("enet_echo", Sys.ActorOf(Props.Create<EchoActor>()));
        Assert.True(await _a.ConnectNodeAsync(_b.NodeName));
        var echo = _a.Remote("enet_echo", _b.NodeName);
        var self = _a.PidOf(TestActor);
        const int n = 2000;
        for (var i = 0; i < 200; i++)
        {
            echo.Tell(new ErlTuple(self, i), TestActor);
            ExpectMsg<ErlTuple>();
        }
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            echo.Tell(new ErlTuple(self, i), TestActor);
            ExpectMsg<ErlTuple>();
        }
        output.WriteLine($"Enet<->Enet round trip: {sw.Elapsed.TotalMicroseconds / n:F1} us ({n} sequential requests)");
    }

    private NetKernelSettings Settings(string alive) => new($"{alive}_{Guid.NewGuid():N}"[..12])
    {
        Cookie = "shared",
        EpmdPort = _epmdPort,
        NetTicktime = TimeSpan.FromSeconds(4),
    };
}
