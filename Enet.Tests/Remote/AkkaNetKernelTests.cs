using Akka.Actor;
using Enet.Configuration;
using Enet.Remote;
using Enet.Remote.AkkaRemote;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.Remote;

/// <summary>net_kernel over Akka.Remote between two Enet nodes in this process, on loopback ports the OS picks.</summary>
public sealed class AkkaNetKernelTests : EnetTestKit
{
    private const string RemoteNode = """
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        enet.remote.net-ticktime = 2s
        enet.log.level = warning
        """;

    private readonly ActorSystem other;
    private readonly AkkaNetKernel kernel;
    private readonly AkkaNetKernel otherKernel;

    public AkkaNetKernelTests() : base(hocon: RemoteNode, systemName: "enet")
    {
        other = EnetActorSystem.Create("enet", ConfigurationFactory.ParseString(RemoteNode));
        kernel = AkkaNetKernel.Start(Sys);
        otherKernel = AkkaNetKernel.Start(other);
    }

    [Fact]
    public async Task Connect_node_brings_both_ends_up_once_and_nodes_lists_the_peer()
    {
        await kernel.MonitorNodesAsync(TestActor, true);
        var otherProbe = CreateTestProbe();
        await otherKernel.MonitorNodesAsync(otherProbe.Ref, true);
        Assert.True(await kernel.ConnectNodeAsync(otherKernel.NodeName));
        Assert.Equal(new NodeUp(otherKernel.NodeName, NodeType.Visible) { Transport = "akka" }, ExpectMsg<NodeUp>(TimeSpan.FromSeconds(10)));
        Assert.Equal(kernel.NodeName, otherProbe.ExpectMsg<NodeUp>(TimeSpan.FromSeconds(10)).Node);
        Assert.Equal([otherKernel.NodeName], await kernel.NodesAsync());
        // Connecting again is the same node: no second nodeup (Akka publishes association events per endpoint).
        Assert.True(await kernel.ConnectNodeAsync(otherKernel.NodeName));
        Assert.Equal([otherKernel.NodeName], await kernel.NodesAsync());
    }

    [Fact]
    public async Task Disconnect_node_drops_the_association_and_the_node_can_be_connected_again()
    {
        await kernel.MonitorNodesAsync(TestActor, true);
        var otherProbe = CreateTestProbe();
        await otherKernel.MonitorNodesAsync(otherProbe.Ref, true);
        var associations = CreateTestProbe();
        Sys.EventStream.Subscribe(associations.Ref, typeof(Akka.Remote.DisassociatedEvent));
        Assert.True(await kernel.ConnectNodeAsync(otherKernel.NodeName));
        ExpectMsg<NodeUp>(TimeSpan.FromSeconds(10));
        otherProbe.ExpectMsg<NodeUp>(TimeSpan.FromSeconds(10));

        Assert.True(await kernel.DisconnectNodeAsync(otherKernel.NodeName));
        // As erl: the node that disconnects reports disconnect, its peer sees the connection closed.
        Assert.Equal("disconnect", ExpectMsg<NodeDown>(TimeSpan.FromSeconds(5)).Reason);
        Assert.Equal(new NodeDown(kernel.NodeName, NodeType.Visible, "connection_closed") { Transport = "akka" },
            otherProbe.ExpectMsg<NodeDown>(TimeSpan.FromSeconds(5)));
        // The connection itself closed (a forgotten node with a live association would not be dropped).
        Assert.Equal(otherKernel.NodeName, associations.ExpectMsg<Akka.Remote.DisassociatedEvent>(TimeSpan.FromSeconds(5)).RemoteAddress.ToString());
        Assert.Empty(await kernel.NodesAsync());
        Assert.Empty(await otherKernel.NodesAsync());
        Assert.False(await kernel.DisconnectNodeAsync(otherKernel.NodeName));

        // Not quarantined: the same incarnation of the node comes back, reported up on both ends.
        Assert.True(await kernel.ConnectNodeAsync(otherKernel.NodeName));
        ExpectMsg<NodeUp>(TimeSpan.FromSeconds(10));
        Assert.Equal(kernel.NodeName, otherProbe.ExpectMsg<NodeUp>(TimeSpan.FromSeconds(10)).Node);
        Assert.Equal([otherKernel.NodeName], await kernel.NodesAsync());
        // The new watch reached the peer (both ends restarted their system-message numbering): its shutdown is a
        // closed connection, not a silence the failure detector has to notice.
        await other.Terminate();
        Assert.Equal("connection_closed", ExpectMsg<NodeDown>(TimeSpan.FromSeconds(15)).Reason);
    }

    [Fact]
    public async Task Disconnecting_a_plain_Akka_system_drops_the_association_from_this_side()
    {
        // A system without a kernel never drops its end: this side does once its grace passed.
        using var plain = ActorSystem.Create("plain", """
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
            akka.loglevel = WARNING
            """);
        var plainNode = ((ExtendedActorSystem)plain).Provider.DefaultAddress.ToString();
        var associations = CreateTestProbe();
        Sys.EventStream.Subscribe(associations.Ref, typeof(Akka.Remote.DisassociatedEvent));
        Assert.True(await kernel.ConnectNodeAsync(plainNode));
        Assert.True(await kernel.DisconnectNodeAsync(plainNode));
        Assert.Equal(plainNode, associations.ExpectMsg<Akka.Remote.DisassociatedEvent>(TimeSpan.FromSeconds(5)).RemoteAddress.ToString());
        await kernel.MonitorNodesAsync(TestActor, true);
        Assert.True(await kernel.ConnectNodeAsync(plainNode));
        ExpectMsg<NodeUp>(TimeSpan.FromSeconds(10));
        await plain.Terminate();
        Assert.Equal("connection_closed", ExpectMsg<NodeDown>(TimeSpan.FromSeconds(15)).Reason);
    }

    [Fact]
    public async Task A_peer_that_shuts_down_is_reported_down()
    {
        await kernel.MonitorNodesAsync(TestActor, true);
        Assert.True(await kernel.ConnectNodeAsync(otherKernel.NodeName));
        ExpectMsg<NodeUp>(TimeSpan.FromSeconds(10));
        await other.Terminate();
        var down = ExpectMsg<NodeDown>(TimeSpan.FromSeconds(15));
        Assert.Equal(otherKernel.NodeName, down.Node);
        Assert.Equal("connection_closed", down.Reason);
        Assert.Empty(await kernel.NodesAsync());
    }

    [Fact]
    public async Task Connecting_to_a_port_nobody_serves_answers_false()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Assert.False(await kernel.ConnectNodeAsync($"akka.tcp://enet@127.0.0.1:{port}"));
    }

    [Fact]
    public async Task DeathWatch_across_nodes_is_Akka_Remote_own()
    {
        var target = other.ActorOf(Props.Create(() => new EchoActor()), "target");
        Assert.True(await kernel.ConnectNodeAsync(otherKernel.NodeName));
        var remote = await Sys.ActorSelection($"{otherKernel.NodeName}/user/target").ResolveOne(TimeSpan.FromSeconds(5));
        Watch(remote);
        remote.Tell("hello", TestActor);
        ExpectMsg("hello", TimeSpan.FromSeconds(5));
        other.Stop(target);
        ExpectTerminated(remote, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_address_of_a_protocol_this_system_does_not_speak_is_pang_and_the_kernel_keeps_working()
    {
        Assert.False(await kernel.ConnectNodeAsync("akka.udp://enet@127.0.0.1:1"));
        Assert.True(await kernel.ConnectNodeAsync(otherKernel.NodeName));
    }

    [Fact]
    public void A_system_without_Akka_Remote_is_refused_with_a_clear_error()
    {
        using var local = ActorSystem.Create("local");
        Assert.Contains("akka.actor.provider = remote", Assert.Throws<ArgumentException>(() => AkkaNetKernel.Start(local)).Message);
    }

    protected override void Dispose(bool disposing)
    {
        other.Terminate().Wait(TimeSpan.FromSeconds(10));
        base.Dispose(disposing);
    }

    private sealed class EchoActor : ReceiveActor
    {
        public EchoActor() => ReceiveAny(m => Sender.Tell(m));
    }
}
