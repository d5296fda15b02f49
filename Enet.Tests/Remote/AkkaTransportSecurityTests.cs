using Akka.Actor;
using Akka.Event;
using AssociatedEvent = Akka.Remote.AssociatedEvent;
using Enet.Remote;
using Enet.Remote.AkkaRemote;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.Remote;

/// <summary>
/// Who may connect over Akka.Remote: enet.remote.allow enforced by the transport, and enet.remote.tls (mutual TLS with
/// the cluster's CA) as the Akka transport's cookie. Nodes in this process (AkkaNodes); each refused
/// peer sends a message first, and the inbox's first message must be the one a trusted node sends afterwards.
/// </summary>
public sealed class AkkaTransportSecurityTests : EnetTestKit, IAsyncLifetime
{
    private readonly AkkaNodes nodes = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await nodes.DisposeAsync();

    [Fact]
    public async Task A_node_outside_the_allow_list_is_refused_by_the_transport_its_messages_reach_no_actor_and_it_is_never_up()
    {
        var (b, bKernel) = Node("""enet.remote.allow = ["akka.tcp://enet@127.0.0.1:1"]""");
        var (a, aKernel) = Node("");
        var (inbox, nodes, associations) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        b.ActorOf(Props.Create(() => new Forwarder(inbox.Ref)), "inbox");
        await bKernel.MonitorNodesAsync(nodes.Ref, true);
        b.EventStream.Subscribe(associations.Ref, typeof(AssociatedEvent));

        a.ActorSelection(bKernel.NodeName + "/user/inbox").Tell("refused");
        Assert.False(await aKernel.ConnectNodeAsync(bKernel.NodeName));
        // The gate refused a at its Associate: nothing of a got past it (see below), and the kernel never heard of it.
        await AwaitConditionAsync(() => Task.FromResult(AkkaAllowList.Get(b).Refused >= 1), TimeSpan.FromSeconds(10));
        Assert.Empty(await bKernel.NodesAsync());

        Assert.True(await bKernel.AllowAsync([aKernel.NodeName]));
        // a gates b for akka.remote.retry-gate-closed-for (1 s) after the refusal.
        await AwaitAssertAsync(async () => Assert.True(await aKernel.ConnectNodeAsync(bKernel.NodeName)), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(300));
        a.ActorSelection(bKernel.NodeName + "/user/inbox").Tell("allowed");
        Assert.Equal("allowed", inbox.ExpectMsg<string>(TimeSpan.FromSeconds(10)));
        Assert.Equal(aKernel.NodeName, nodes.ExpectMsg<NodeUp>(TimeSpan.FromSeconds(10)).Node);
        Assert.Equal(aKernel.NodeName, associations.ExpectMsg<AssociatedEvent>(TimeSpan.FromSeconds(10)).RemoteAddress.ToString());
    }

    [Fact]
    public async Task The_node_never_associates_with_a_node_outside_the_allow_list()
    {
        var (b, bKernel) = Node("""enet.remote.allow = ["127.0.0.2"]""");
        var (a, aKernel) = Node("");
        var inbox = CreateTestProbe();
        a.ActorOf(Props.Create(() => new Forwarder(inbox.Ref)), "inbox");

        b.ActorSelection(aKernel.NodeName + "/user/inbox").Tell("refused");
        await AwaitConditionAsync(() => Task.FromResult(AkkaAllowList.Get(b).Refused >= 1), TimeSpan.FromSeconds(10));

        AkkaAllowList.Get(b).Allow(["127.0.0.1"]);
        await AwaitAssertAsync(async () => Assert.True(await bKernel.ConnectNodeAsync(aKernel.NodeName)), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(300));
        b.ActorSelection(aKernel.NodeName + "/user/inbox").Tell("allowed");
        Assert.Equal("allowed", inbox.ExpectMsg<string>(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Bad input: a first PDU that is no Associate (here no protobuf at all) is counted, and its connection closed.</summary>
    [Fact]
    public async Task A_connection_whose_first_frame_is_no_Associate_is_closed_and_counted()
    {
        var (b, bKernel) = Node("");
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, Address.Parse(bKernel.NodeName).Port!.Value);
        var stream = client.GetStream();
        // Akka.Remote.s TCP frame: a 4-byte length, little-endian (akka.remote.dot-netty.tcp.byte-order), then the PDU.
        await stream.WriteAsync(new byte[] { 5, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await stream.ReadAsync(new byte[16], timeout.Token));
        Assert.Equal(1, AkkaAllowList.Get(b).Refused);
    }

    /// <summary>An intruder with a certificate of its own (TLS, but not issued by the cluster's CA) or with no TLS at all.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_peer_without_a_certificate_the_node_trusts_cannot_associate_and_its_messages_reach_no_actor(bool intruderHasTls)
    {
        using var pki = new ThrowawayCertificates();
        var (b, bKernel) = Node(AkkaNodes.Tls(pki.Issue("b"), pki.CaFile));
        var (a, aKernel) = Node(AkkaNodes.Tls(pki.Issue("a"), pki.CaFile));
        var (intruder, intruderKernel) = Node(intruderHasTls ? AkkaNodes.Tls(pki.SelfSigned("intruder"), pki.CaFile) : "");
        Assert.StartsWith("akka.ssl.tcp://enet@127.0.0.1:", bKernel.NodeName);
        var (inbox, nodes, warnings) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        b.ActorOf(Props.Create(() => new Forwarder(inbox.Ref)), "inbox");
        await bKernel.MonitorNodesAsync(nodes.Ref, true);
        b.EventStream.Subscribe(warnings.Ref, typeof(Warning));

        // Without TLS the intruder can only name b's port with its own protocol.
        var bForIntruder = intruderHasTls ? bKernel.NodeName : bKernel.NodeName.Replace("akka.ssl.tcp://", "akka.tcp://", StringComparison.Ordinal);
        intruder.ActorSelection(bForIntruder + "/user/inbox").Tell("intruder");
        Assert.False(await intruderKernel.ConnectNodeAsync(bForIntruder));
        warnings.FishForMessage(w => w is Warning { Message: { } m } && m.ToString()!.Contains("TLS handshake failure", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        Assert.True(await aKernel.ConnectNodeAsync(bKernel.NodeName));
        a.ActorSelection(bKernel.NodeName + "/user/inbox").Tell("trusted");
        Assert.Equal("trusted", inbox.ExpectMsg<string>(TimeSpan.FromSeconds(10)));
        Assert.Equal(aKernel.NodeName, nodes.ExpectMsg<NodeUp>(TimeSpan.FromSeconds(10)).Node);
    }

    /// <summary>
    /// An untrusted server certificate fails the outbound TLS handshake, and with it only the association (Akka's
    /// DotNetty transport would shut the node down): pang, and nothing was written to the rogue.
    /// </summary>
    [Fact]
    public async Task Connecting_to_a_node_whose_certificate_is_not_trusted_is_pang_and_the_node_lives_on()
    {
        using var pki = new ThrowawayCertificates();
        var (b, bKernel) = Node(AkkaNodes.Tls(pki.Issue("b"), pki.CaFile));
        var (a, aKernel) = Node(AkkaNodes.Tls(pki.Issue("a"), pki.CaFile));
        // The rogue trusts the cluster's CA, so only a's check can keep a from talking to it.
        var (rogue, rogueKernel) = Node(AkkaNodes.Tls(pki.SelfSigned("rogue"), pki.CaFile));
        var (inbox, rogueInbox) = (CreateTestProbe(), CreateTestProbe());
        b.ActorOf(Props.Create(() => new Forwarder(inbox.Ref)), "inbox");
        rogue.ActorOf(Props.Create(() => new Forwarder(rogueInbox.Ref)), "inbox");

        a.ActorSelection(rogueKernel.NodeName + "/user/inbox").Tell("secret");
        Assert.False(await aKernel.ConnectNodeAsync(rogueKernel.NodeName));
        rogue.ActorSelection("/user/inbox").Tell("local");
        Assert.Equal("local", rogueInbox.ExpectMsg<string>(TimeSpan.FromSeconds(10)));

        Assert.True(await aKernel.ConnectNodeAsync(bKernel.NodeName));
        a.ActorSelection(bKernel.NodeName + "/user/inbox").Tell("alive");
        Assert.Equal("alive", inbox.ExpectMsg<string>(TimeSpan.FromSeconds(10)));
    }

    /// <summary>
    /// Issue 17: a peer whose certificate a trusts but which rejects a's, in TLS 1.2, where the rejection fails a's own
    /// handshake (Akka's DotNetty transport shuts a node down on that). Pang, and a lives on and talks to a trusted node.
    /// </summary>
    [SkippableFact]
    public async Task A_peer_that_forces_TLS_1_2_and_rejects_our_certificate_is_pang_and_the_node_lives_on()
    {
        var openssl = TestEnvironment.RequireTool("openssl", "openssl");
        using var pki = new ThrowawayCertificates();
        var (b, bKernel) = Node(AkkaNodes.Tls(pki.Issue("b"), pki.CaFile));
        var (a, aKernel) = Node(AkkaNodes.Tls(pki.Issue("a"), pki.CaFile));
        using var picky = new PickyTlsPeer(openssl, pki.Issue("picky"), ThrowawayCertificates.Password);
        var inbox = CreateTestProbe();
        b.ActorOf(Props.Create(() => new Forwarder(inbox.Ref)), "inbox");

        Assert.False(await aKernel.ConnectNodeAsync($"akka.ssl.tcp://enet@127.0.0.1:{picky.Port}"));
        Assert.True(picky.Rejected >= 1, "the peer saw no certificate of a's");
        // DotNetty's outbound handshake failure runs CoordinatedShutdown, which records its reason at once.
        Assert.Null(CoordinatedShutdown.Get(a).ShutdownReason);

        Assert.True(await aKernel.ConnectNodeAsync(bKernel.NodeName));
        a.ActorSelection(bKernel.NodeName + "/user/inbox").Tell("alive");
        Assert.Equal("alive", inbox.ExpectMsg<string>(TimeSpan.FromSeconds(10)));
        Assert.Null(CoordinatedShutdown.Get(a).ShutdownReason);
    }

    private (ActorSystem System, AkkaNetKernel Kernel) Node(string hocon) => nodes.Start(hocon);
}
