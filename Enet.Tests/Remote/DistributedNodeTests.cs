using Akka.Actor;
using Enet.Configuration;
using Enet.Remote;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.Remote;

/// <summary>
/// One net_kernel API over both transports: two Enet nodes in this process that run Akka.Remote and the Erlang
/// distribution side by side (an embedded EPMD on a free port, loopback only).
/// </summary>
public sealed class DistributedNodeTests : EnetTestKit, IAsyncLifetime
{
    private const string RemoteNode = """
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        enet.remote.net-ticktime = 4s
        enet.log.level = warning
        """;

    private readonly int epmdPort = ErlangPeer.FreePort();
    private readonly ActorSystem other;
    private DistributedNode a = null!;
    private DistributedNode b = null!;

    public DistributedNodeTests() : base(hocon: RemoteNode, systemName: "enet") =>
        other = EnetActorSystem.Create("enet", ConfigurationFactory.ParseString(RemoteNode));

    public async Task InitializeAsync()
    {
        a = await DistributedNode.StartAsync(Sys, Settings("a"));
        b = await DistributedNode.StartAsync(other, Settings("b"));
    }

    public async Task DisposeAsync()
    {
        await b.DisposeAsync();
        await a.DisposeAsync();
        await other.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_node_name_picks_the_transport_and_events_say_which()
    {
        await a.MonitorNodesAsync(TestActor, true, MonitorNodesOptions.All);
        var (erlangName, akkaName) = (b.ErlangKernel!.NodeName, b.AkkaKernel!.NodeName);
        Assert.Equal([erlangName, akkaName], b.NodeNames);

        Assert.True(await a.ConnectNodeAsync(erlangName));
        Assert.Equal(new NodeUp(erlangName, NodeType.Hidden) { Transport = "erlang" }, ExpectMsg<NodeUp>(TimeSpan.FromSeconds(10)));
        Assert.True(await a.ConnectNodeAsync(akkaName));
        Assert.Equal(new NodeUp(akkaName, NodeType.Visible) { Transport = "akka" }, ExpectMsg<NodeUp>(TimeSpan.FromSeconds(10)));

        // nodes/1 as erl: the hidden Erlang peer only under hidden or connected, Akka peers are visible.
        Assert.Equal([akkaName], await a.NodesAsync());
        Assert.Equal([erlangName], await a.NodesAsync(NodeType.Hidden));
        Assert.Equal([erlangName, akkaName], await a.NodesAsync(null));

        Assert.True(await a.DisconnectNodeAsync(akkaName));
        Assert.Equal(new NodeDown(akkaName, NodeType.Visible, "disconnect") { Transport = "akka" }, ExpectMsg<NodeDown>(TimeSpan.FromSeconds(5)));
        Assert.True(await a.DisconnectNodeAsync(erlangName));
        Assert.Equal(new NodeDown(erlangName, NodeType.Hidden, "disconnect") { Transport = "erlang" }, ExpectMsg<NodeDown>(TimeSpan.FromSeconds(5)));
        Assert.Empty(await a.NodesAsync(null));
    }

    [Fact]
    public async Task Allow_refuses_nodes_outside_the_list_on_both_transports()
    {
        Assert.True(await b.AllowAsync(["someone_else@localhost", "akka.tcp://enet@127.0.0.1:1"]));
        Assert.False(await b.ConnectNodeAsync(a.ErlangKernel!.NodeName));
        Assert.False(await b.ConnectNodeAsync(a.AkkaKernel!.NodeName));
        Assert.False(await a.ConnectNodeAsync(b.ErlangKernel!.NodeName));
        Assert.False(await b.AllowAsync([" "]));

        Assert.True(await b.AllowAsync(a.NodeNames));
        Assert.True(await b.ConnectNodeAsync(a.ErlangKernel.NodeName));
        Assert.True(await b.ConnectNodeAsync(a.AkkaKernel.NodeName));
    }

    [Fact]
    public async Task An_Akka_peer_outside_the_allow_list_that_connects_is_refused_by_the_transport_and_never_up()
    {
        var probe = CreateTestProbe();
        await b.MonitorNodesAsync(probe.Ref, true);
        Assert.True(await b.AllowAsync(["akka.tcp://enet@127.0.0.1:1"]));

        // b's transport closes a's connection at its Associate (AkkaTransportSecurityTests shows no message gets by).
        Assert.False(await a.ConnectNodeAsync(b.AkkaKernel!.NodeName));
        await AwaitConditionAsync(() => Task.FromResult(Enet.Remote.AkkaRemote.AkkaAllowList.Get(other).Refused >= 1), TimeSpan.FromSeconds(10));
        // b's kernel answers after anything it was told before: a nodeup would be in the probe's mailbox by now.
        Assert.Empty(await b.NodesAsync(null));
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Empty(await a.NodesAsync(null));
    }

    [Fact]
    public async Task Stop_takes_every_node_down_with_net_kernel_terminated()
    {
        var probe = CreateTestProbe();
        await b.MonitorNodesAsync(probe.Ref, true, MonitorNodesOptions.All);
        await a.MonitorNodesAsync(TestActor, true, MonitorNodesOptions.All);
        Assert.True(await a.ConnectNodeAsync(b.AkkaKernel!.NodeName));
        ExpectMsg<NodeUp>(TimeSpan.FromSeconds(10));
        probe.ExpectMsg<NodeUp>(TimeSpan.FromSeconds(10));

        Assert.Equal("ok", await a.StopAsync());
        Assert.Equal("net_kernel_terminated", ExpectMsg<NodeDown>(TimeSpan.FromSeconds(5)).Reason);
        Assert.Equal("connection_closed", probe.ExpectMsg<NodeDown>(TimeSpan.FromSeconds(5)).Reason);
        Assert.Equal("not_found", await a.StopAsync());
        Assert.False(await a.ConnectNodeAsync(b.AkkaKernel.NodeName));
        Assert.False(await a.ConnectNodeAsync(b.ErlangKernel!.NodeName));
    }

    [Fact]
    public async Task A_node_started_from_configuration_is_not_stopped_by_net_kernel_stop()
    {
        var system = EnetActorSystem.Create("enet", ConfigurationFactory.ParseString(RemoteNode));
        try
        {
            await using var node = await DistributedNode.StartAsync(system, Settings("c") with { Dynamic = false });
            Assert.Equal("not_allowed", await node.StopAsync());
            Assert.True(await node.ConnectNodeAsync(b.AkkaKernel!.NodeName));
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task An_Akka_only_node_reaches_no_Erlang_name_and_keeps_its_ticktime()
    {
        var system = EnetActorSystem.Create("enet", ConfigurationFactory.ParseString(RemoteNode));
        try
        {
            await using var node = await DistributedNode.StartAsync(system, Settings("d"), erlang: false);
            Assert.Null(node.ErlangKernel);
            Assert.False(await node.ConnectNodeAsync(b.ErlangKernel!.NodeName));
            Assert.False(await node.ConnectNodeAsync("akka.tcp://not an address"));
            Assert.True(await node.ConnectNodeAsync(b.AkkaKernel!.NodeName));
            Assert.Equal(new NetTicktime(NetTicktime.Unchanged, TimeSpan.FromSeconds(4)), node.GetNetTicktime());
            Assert.Throws<NotSupportedException>(() => node.SetNetTicktime(TimeSpan.FromSeconds(8), TimeSpan.Zero));
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task A_system_without_remoting_and_without_Erlang_distribution_is_refused()
    {
        using var local = ActorSystem.Create("local");
        await Assert.ThrowsAsync<ArgumentException>(() => DistributedNode.StartAsync(local, Settings("e"), erlang: false));
    }

    private NetKernelSettings Settings(string alive) => new($"{alive}_{Guid.NewGuid():N}"[..12] + "@localhost")
    {
        Cookie = "shared",
        EpmdPort = epmdPort,
        NetTicktime = TimeSpan.FromSeconds(4),
    };
}
