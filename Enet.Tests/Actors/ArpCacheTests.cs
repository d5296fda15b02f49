using Enet.TestKit;
using Enet.Actors.Arp;
using Enet.Actors.Interface;
using Enet.Codecs;
using Akka.Actor;
using Akka.Event;
using Enet.Tap;
using Xunit;

namespace Enet.Tests.Actors;


/// <summary>ARP scenarios on an in-memory wire: Enet's interface and ARP cache at one end, the test playing
/// the neighbour with hand-made frames at the other, timers on virtual time.</summary>
public sealed class ArpCacheTests : EnetTestKit
{
    private static readonly Ipv4Address Ours = new(10, 0, 0, 1);
    private static readonly Ipv4Address Neighbour = new(10, 0, 0, 2);
    private static readonly Ipv4Address Silent = new(10, 0, 0, 9);

    private readonly InMemoryWire wire = new();
    private readonly ILink peer;
    private readonly IActorRef eth;

    public ArpCacheTests() : base(useVirtualTime: true)
    {
        peer = wire.Attach("peer");
        eth = Sys.ActorOf(LinkReader.InterfaceProps(Tracked(wire.Attach("eth0")), new EthInterfaceSettings("eth0", TestFrames.HostA)), "eth0");
    }

    /// <summary>ARP with the announcements off, so the wire carries only what a test provokes.</summary>
    private static readonly ArpSettings Quiet = ArpSettings.Default with { AnnounceCount = 0 };

    /// <summary>Starts the cache and waits until its bus subscription is in place.</summary>
    private IActorRef StartArp(ArpSettings? settings = null, bool publish = true, Neighbours? neighbours = null)
    {
        var arp = Sys.ActorOf(ArpCache.Props(eth, TestFrames.HostA, settings ?? Quiet, publish ? [new Arp.Publish(TestFrames.HostA, Ours)] : null,
            neighbours), "arp");
        AwaitAssert(() =>
        {
            eth.Tell(Eth.GetInfo.Instance, TestActor);
            Assert.NotEmpty(ExpectMsg<Eth.Info>().Subscriptions);
        });
        return arp;
    }

    private Arp.Table Table(IActorRef arp)
    {
        arp.Tell(Arp.GetTable.Instance, TestActor);
        return ExpectMsg<Arp.Table>();
    }

    private void FromNeighbour(MacAddress destination, ArpMessage message) => Assert.True(peer.TrySend(TestFrames.Arp(destination, message)));

    /// <summary>The next frame Enet put on the wire, decoded as (Ethernet destination, ARP message or IPv4 bytes).</summary>
    private (MacAddress Destination, EtherType EtherType, byte[] Payload) NextFrame()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        using var frame = peer.Received.ReadAsync(timeout.Token).AsTask().GetAwaiter().GetResult();
        Assert.True(EthernetFrame.TryParse(frame.Span, out var ethernet, out _));
        return (ethernet.Destination, ethernet.EtherType, ethernet.Payload.ToArray());
    }

    private ArpMessage NextArp(out MacAddress destination)
    {
        var (to, etherType, payload) = NextFrame();
        Assert.Equal(EtherType.Arp, etherType);
        Assert.True(ArpMessage.TryDecode(payload, out var message, out _));
        destination = to;
        return message;
    }

    /// <summary>Nothing on the wire from Enet (but what was read), once the system is idle.</summary>
    private void ExpectWireSilent()
    {
        AwaitIdle();
        Assert.False(peer.Received.TryPeek(out _), "Enet sent something");
    }

    [Fact]
    public void Arp_request_for_a_published_address_is_answered_and_the_requester_learnt()
    {
        var arp = StartArp();
        FromNeighbour(MacAddress.Broadcast, ArpMessage.Request(TestFrames.HostB, Neighbour, Ours));
        var reply = NextArp(out var destination);
        Assert.Equal(TestFrames.HostB, destination);
        Assert.Equal(ArpMessage.Reply(TestFrames.HostA, Ours, TestFrames.HostB, Neighbour), reply);
        Assert.Equal(new Arp.Entry(Neighbour, TestFrames.HostB, Sys.Scheduler.Now), Assert.Single(Table(arp).Entries));
    }

    [Fact]
    public void Publishing_announces_the_address_with_gratuitous_arp_twice()
    {
        var arp = StartArp(ArpSettings.Default with { AnnounceCount = 2 }, publish: false);
        arp.Tell(new Arp.Publish(TestFrames.HostA, Ours), TestActor);
        ExpectMsg(new Arp.Published(Ours));
        Assert.Equal(ArpMessage.Gratuitous(TestFrames.HostA, Ours), NextArp(out var destination));
        Assert.Equal(MacAddress.Broadcast, destination);
        Advance(ArpSettings.Default.AnnounceInterval);
        Assert.Equal(ArpMessage.Gratuitous(TestFrames.HostA, Ours), NextArp(out _));
    }

    [Fact]
    public void Proxy_arp_answers_for_another_host_without_announcing_it()
    {
        var arp = StartArp(ArpSettings.Default with { AnnounceCount = 2 }, publish: false);
        arp.Tell(new Arp.Publish(TestFrames.HostA, Silent, Proxy: true), TestActor);
        ExpectMsg<Arp.Published>();
        FromNeighbour(MacAddress.Broadcast, ArpMessage.Request(TestFrames.HostB, Neighbour, Silent));
        Assert.Equal(ArpMessage.Reply(TestFrames.HostA, Silent, TestFrames.HostB, Neighbour), NextArp(out _));
    }

    [Fact]
    public void Requests_for_other_addresses_are_not_answered_or_learnt()
    {
        var arp = StartArp();
        FromNeighbour(MacAddress.Broadcast, ArpMessage.Request(TestFrames.HostB, Neighbour, Silent));
        AwaitIdle();
        Assert.Empty(Table(arp).Entries);
        ExpectWireSilent();
    }

    [Fact]
    public void Resolve_retries_once_a_second_then_fails()
    {
        var arp = StartArp();
        arp.Tell(new Arp.Resolve(Silent), TestActor);
        for (var attempt = 1; attempt <= ArpSettings.Default.MaxAttempts; attempt++)
        {
            var request = NextArp(out var destination);
            Assert.Equal(MacAddress.Broadcast, destination);
            Assert.Equal(ArpMessage.Request(TestFrames.HostA, Ours, Silent), request);
            ExpectNoMsgWhenIdle();
            Advance(ArpSettings.Default.RetryInterval);
        }
        ExpectMsg(new Arp.ResolveFailed(Silent));
        Assert.Empty(Table(arp).Resolving);
        ExpectWireSilent();
    }

    [Fact]
    public void Resolution_completes_on_the_reply_and_sends_the_latest_waiting_packets_in_order()
    {
        var arp = StartArp(Quiet with { MaxPendingPackets = 2 });
        for (byte i = 1; i <= 3; i++)
            arp.Tell(new Arp.Transmit(Neighbour, EtherType.Ipv4, new byte[] { i }), TestActor);
        arp.Tell(new Arp.Resolve(Neighbour), TestActor);
        Assert.Equal(ArpMessage.Request(TestFrames.HostA, Ours, Neighbour), NextArp(out _));
        FromNeighbour(TestFrames.HostA, ArpMessage.Reply(TestFrames.HostB, Neighbour, TestFrames.HostA, Ours));
        ExpectMsg(new Arp.Resolved(Neighbour, TestFrames.HostB));
        var second = NextFrame();
        var third = NextFrame();
        Assert.Equal((TestFrames.HostB, EtherType.Ipv4, (byte)2), (second.Destination, second.EtherType, second.Payload[0]));
        Assert.Equal(3, third.Payload[0]);
        var table = Table(arp);
        Assert.Equal(1, table.DroppedPackets);
        Assert.Equal(TestFrames.HostB, Assert.Single(table.Entries).Mac);
    }

    [Fact]
    public void Unsolicited_replies_and_gratuitous_arp_do_not_poison_the_cache()
    {
        var arp = StartArp();
        FromNeighbour(TestFrames.HostA, ArpMessage.Reply(TestFrames.Stranger, Silent, TestFrames.HostA, Ours));
        FromNeighbour(MacAddress.Broadcast, ArpMessage.Gratuitous(TestFrames.Stranger, Neighbour));
        FromNeighbour(MacAddress.Broadcast, ArpMessage.Request(TestFrames.Stranger, Ours, Neighbour));
        AwaitIdle();
        Assert.Empty(Table(arp).Entries);
    }

    [Fact]
    public void Gratuitous_arp_updates_an_entry_we_already_have()
    {
        var arp = StartArp();
        FromNeighbour(MacAddress.Broadcast, ArpMessage.Request(TestFrames.HostB, Neighbour, Ours));
        NextArp(out _);
        FromNeighbour(MacAddress.Broadcast, ArpMessage.Gratuitous(TestFrames.Stranger, Neighbour));
        AwaitAssert(() => Assert.Equal(TestFrames.Stranger, Assert.Single(Table(arp).Entries).Mac));
    }

    [Fact]
    public void Entries_age_out_after_their_lifetime()
    {
        var arp = StartArp();
        FromNeighbour(MacAddress.Broadcast, ArpMessage.Request(TestFrames.HostB, Neighbour, Ours));
        NextArp(out _);
        Assert.Single(Table(arp).Entries);
        Advance(ArpSettings.Default.EntryLifetime);
        Assert.Single(Table(arp).Entries);
        Advance(ArpSettings.Default.AgeingInterval);
        Assert.Empty(Table(arp).Entries);
    }

    [Fact]
    public void The_neighbours_the_ipv4_layer_reads_follow_the_table_as_entries_are_learnt_evicted_and_aged_out()
    {
        var neighbours = new Neighbours();
        var arp = StartArp(Quiet with { MaxEntries = 2 }, neighbours: neighbours);
        for (byte host = 2; host <= 4; host++)
        {
            FromNeighbour(MacAddress.Broadcast, ArpMessage.Request(new MacAddress(host), new Ipv4Address(10, 0, 0, host), Ours));
            NextArp(out _);
            Advance(TimeSpan.FromSeconds(1));
        }
        Table(arp);
        Assert.False(neighbours.TryGet(new Ipv4Address(10, 0, 0, 2), out _));
        Assert.True(neighbours.TryGet(new Ipv4Address(10, 0, 0, 4), out var mac));
        Assert.Equal(new MacAddress(4), mac);
        Advance(ArpSettings.Default.EntryLifetime + ArpSettings.Default.AgeingInterval);
        Assert.Empty(Table(arp).Entries);
        Assert.False(neighbours.TryGet(new Ipv4Address(10, 0, 0, 3), out _));
        Assert.False(neighbours.TryGet(new Ipv4Address(10, 0, 0, 4), out _));
    }

    [Fact]
    public void Full_table_drops_the_least_recently_confirmed_entry()
    {
        var arp = StartArp(Quiet with { MaxEntries = 2 });
        for (byte host = 2; host <= 4; host++)
        {
            FromNeighbour(MacAddress.Broadcast, ArpMessage.Request(new MacAddress(host), new Ipv4Address(10, 0, 0, host), Ours));
            NextArp(out _);
            Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal([new Ipv4Address(10, 0, 0, 3), new Ipv4Address(10, 0, 0, 4)], Table(arp).Entries.Select(e => e.Address));
    }

    [Fact]
    public void Address_conflict_is_not_learnt()
    {
        var arp = StartArp();
        FromNeighbour(MacAddress.Broadcast, ArpMessage.Gratuitous(TestFrames.Stranger, Ours));
        AwaitIdle();
        Assert.Empty(Table(arp).Entries);
        Assert.Equal(TestFrames.HostA, Assert.Single(Table(arp).Publications).Mac);
    }

    [Fact]
    public void Address_conflict_warnings_are_one_per_address_per_interval_and_the_rest_counted()
    {
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings, typeof(Warning));
        var arp = StartArp();
        for (var i = 0; i < 10; i++)
            FromNeighbour(MacAddress.Broadcast, ArpMessage.Gratuitous(TestFrames.Stranger, Ours));
        AwaitIdle();
        Assert.Equal(10, Table(arp).AddressConflicts);
        Assert.Contains("(0 more claims", warnings.ExpectMsg<Warning>().Message.ToString());
        // The probe hears log events as they are published, so once idle all ten claims' lines would be here.
        Assert.False(warnings.HasMessages, "a second line within the interval");
        Advance(ArpSettings.Default.ConflictLogInterval);
        FromNeighbour(MacAddress.Broadcast, ArpMessage.Gratuitous(TestFrames.Stranger, Ours));
        AwaitIdle();
        Assert.Contains("(9 more claims", warnings.ExpectMsg<Warning>().Message.ToString());
        Assert.Equal(11, Table(arp).AddressConflicts);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        wire.Dispose();
    }
}
