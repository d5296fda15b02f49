using System.Diagnostics;
using Akka.Actor;
using Enet.Actors.Hosting;
using Enet.Codecs;
using Enet.Tap;
using Enet.Tap.Remote;
using Xunit;

namespace Enet.Tests.Tap;

/// <summary>link = remote: a virtual Ethernet segment between actor systems over Akka.Remote on loopback.</summary>
public sealed class RemoteLinkTests : IDisposable
{
    private readonly List<ActorSystem> systems = [];
    private readonly List<LinkFactory> factories = [];

    private static InterfaceSettings Interface(string name, params string[] peers) =>
        new(name, "remote", MacAddress.Parse("02:00:00:00:00:01")) { Segment = "lan", Peers = peers };

    [Fact]
    public void A_gone_peer_holds_send_queue_frames_and_the_rest_are_dropped_and_counted_without_waiting()
    {
        var links = Factory(Node());
        var link = links.Open(Interface("eth0", RemoteNodes.Nobody()) with { Remote = RemoteLinkSettings.Default with { SendQueue = 8 } });
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
            Assert.True(link.TrySend(Frames.Numbered(i)));
        watch.Stop();
        var peer = Assert.Single(links.Segments["lan"].Peers);
        Assert.False(peer.IsUp);
        Assert.Equal(8, peer.Queued);
        Assert.Equal(12, peer.Dropped);
        Assert.Equal(0, peer.Sent);
        Assert.Equal(20, link.Counters.FramesSent);
        Assert.Equal(12, link.Counters.SendDrops);
        // Twenty copies into a queue: far below any wait for a peer (Akka.Remote's association alone takes longer).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"TrySend took {watch.Elapsed}");
    }

    [Fact]
    public void A_frame_longer_than_the_mtu_allows_is_refused()
    {
        var link = Factory(Node()).Open(Interface("eth0", RemoteNodes.Nobody()));
        Assert.False(link.TrySend(new byte[1500 + 18 + 1]));
        Assert.Equal(1, link.Counters.SendDrops);
    }

    [Fact]
    public void Remote_link_needs_a_system_running_Akka_Remote()
    {
        var local = ActorSystem.Create("local");
        systems.Add(local);
        var error = Assert.Throws<ArgumentException>(() => Factory(local).Open(Interface("eth0", RemoteNodes.Nobody())));
        Assert.Contains("akka.actor.provider = remote", error.Message);
    }

    [Fact]
    public void A_peer_that_is_not_an_akka_address_is_a_configuration_error()
    {
        var error = Assert.Throws<ArgumentException>(() => Factory(Node()).Open(Interface("eth0", "enet@localhost")));
        Assert.Contains("not an Akka address", error.Message);
    }

    [Fact]
    public async Task Frames_cross_both_ways_in_order_and_flow_again_after_the_peer_node_restarts()
    {
        var a = Node();
        var b = Node();
        var linksA = Factory(a);
        var linkA = linksA.Open(Interface("eth0", RemoteNodes.AddressOf(b)));
        var linkB = Factory(b).Open(Interface("eth0", RemoteNodes.AddressOf(a)));
        for (var i = 0; i < 500; i++)
        {
            Assert.True(linkA.TrySend(Frames.Numbered(i, 1000)));
            Assert.True(linkB.TrySend(Frames.Numbered(10_000 + i)));
        }
        Assert.Equal(Enumerable.Range(0, 500), (await Receive(linkB, 500)).Select(f => Frames.SequenceOf(f)));
        Assert.Equal(Enumerable.Range(10_000, 500), (await Receive(linkA, 500)).Select(f => Frames.SequenceOf(f)));
        Assert.Equal(1000 * 500, linkB.Counters.BytesReceived);
        Assert.Equal(0, linkA.Counters.SendDrops);

        // nodedown: the peer's system goes away, the flow stops.
        var port = ((ExtendedActorSystem)b).Provider.DefaultAddress.Port!.Value;
        var peer = linksA.Segments["lan"].Peers[0];
        Assert.True(peer.IsUp);
        await b.Terminate();
        await Until(() => !peer.IsUp, "nodedown");

        // nodeup: a node at the same address joins the segment again and frames flow once more.
        var again = Node(port);
        var linkAgain = Factory(again).Open(Interface("eth0", RemoteNodes.AddressOf(a)));
        await Until(() => peer.IsUp, "nodeup");
        Assert.True(linkA.TrySend(Frames.Numbered(42)));
        Assert.Equal([42], (await Receive(linkAgain, 1)).Select(f => Frames.SequenceOf(f)));
    }

    [Fact]
    public async Task Batches_a_peer_never_acknowledges_count_as_lost_and_the_window_opens_again()
    {
        var a = Node();
        var b = Node();
        // B's segment actor takes batches and never answers: as if Akka.Remote lost them with a recovered association.
        var frames = new FrameCount();
        b.ActorOf(Props.Create(() => new SilentSegment(frames)), RemoteSegment.ActorName("lan"));
        var links = Factory(a);
        var link = links.Open(Interface("eth0", RemoteNodes.AddressOf(b)) with
        {
            Remote = RemoteLinkSettings.Default with { BatchesInFlight = 2, RetryInterval = TimeSpan.FromMilliseconds(100) },
        });
        var peer = links.Segments["lan"].Peers[0];
        await Until(() => peer.IsUp, "nodeup");
        // One frame per batch: each goes out before the next is queued, so two batches fill the window.
        for (var i = 0; i < 3; i++)
        {
            Assert.True(link.TrySend(Frames.Numbered(i)));
            if (i < 2)
                await Until(() => peer.Sent == i + 1, $"batch {i}");
        }
        await Until(() => frames.Value == 3, "the third frame, after the window reopened");
    }

    private sealed class FrameCount
    {
        private int value;

        public int Value => Volatile.Read(ref value);

        public void Add(int frames) => Interlocked.Add(ref value, frames);
    }

    private sealed class SilentSegment : ReceiveActor
    {
        public SilentSegment(FrameCount count) =>
            Receive<FrameBatch>(batch => batch.ForEach(count, static (c, _) => c.Add(1)));
    }

    private static async Task<List<byte[]>> Receive(ILink link, int count)
    {
        var frames = new List<byte[]>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (frames.Count < count)
        {
            var frame = await link.Received.ReadAsync(timeout.Token);
            frames.Add(frame.Span.ToArray());
            frame.Dispose();
        }
        return frames;
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"no {what} within 30 s");
            await Task.Delay(20);
        }
    }

    private ActorSystem Node(int port = 0)
    {
        var system = RemoteNodes.Start(port);
        systems.Add(system);
        return system;
    }

    private LinkFactory Factory(ActorSystem system)
    {
        var links = new LinkFactory { System = system };
        factories.Add(links);
        return links;
    }

    public void Dispose()
    {
        foreach (var links in factories)
            links.Dispose();
        foreach (var system in systems)
            system.Terminate().Wait(TimeSpan.FromSeconds(10));
    }
}
