using Enet.Actors.Ip;
using Enet.Actors.Ndp;
using Enet.Codecs;
using Xunit;

namespace Enet.Tests.Actors;

/// <summary>The neighbour cache's RFC 4861 7.3 state machine, every transition on virtual time, with the test as
/// the neighbour on the wire.</summary>
public sealed class NeighborDiscoveryTests : Ipv6Scenario
{
    private static readonly MacAddress OtherMac = TestFrames.Stranger;
    private static readonly MacAddress PeerSolicitedNodeMac = MacAddress.Parse("33:33:ff:00:00:01");

    private void Advertise(NeighborAdvertisementFlags flags, MacAddress? targetMac = null, Ipv6Address? target = null) =>
        FromPeer(EnetMac, Ipv6TestFrames.Ndp(PeerGlobal, EnetGlobal,
            Icmpv6Message.NeighborAdvertisement(target ?? PeerGlobal, flags, targetMac ?? PeerMac)));

    private static NeighborAdvertisementFlags Solicited => NeighborAdvertisementFlags.Solicited | NeighborAdvertisementFlags.Override;

    /// <summary>Asserts the next packet is a multicast solicitation for the peer, as address resolution sends it.</summary>
    private void ExpectMulticastSolicitation()
    {
        var (link, header, ndp) = NextNdp();
        Assert.Equal(PeerSolicitedNodeMac, link);
        Assert.Equal((EnetGlobal, Ipv6Address.Parse("ff02::1:ff00:1")), (header.Source, header.Destination));
        var ns = Assert.IsType<NdpMessage.NeighborSolicitation>(ndp);
        Assert.Equal(PeerGlobal, ns.Target);
        Assert.Equal(new NdpOption.SourceLinkLayerAddress(EnetMac), Assert.Single(ns.Options));
    }

    private void ExpectUnicastProbe()
    {
        var (link, header, ndp) = NextNdp();
        Assert.Equal(PeerMac, link);
        Assert.Equal(PeerGlobal, header.Destination);
        Assert.Equal(PeerGlobal, Assert.IsType<NdpMessage.NeighborSolicitation>(ndp).Target);
    }

    /// <summary>The echo request <see cref="Ipv6Scenario.SendFromEnet"/> queued, sent to the peer's MAC.</summary>
    private ushort ExpectEchoToPeer()
    {
        var (link, header, message) = NextIcmp();
        Assert.Equal((PeerMac, PeerGlobal, Icmpv6Type.EchoRequest), (link, header.Destination, message.Type));
        return message.SequenceNumber;
    }

    /// <summary>Resolves the peer: INCOMPLETE, then a solicited advertisement makes it REACHABLE.</summary>
    private void Resolve()
    {
        SendFromEnet(PeerGlobal);
        ExpectMulticastSolicitation();
        Advertise(Solicited);
        Assert.Equal(1, ExpectEchoToPeer());
        AwaitState(PeerGlobal, NeighborState.Reachable);
    }

    /// <summary>An unsolicited advertisement creates nothing, so the peer first solicits us and becomes STALE.</summary>
    private void MakeStale()
    {
        FromPeer(PeerSolicitedNodeMac, Ipv6TestFrames.Ndp(PeerGlobal, Ipv6Multicast.SolicitedNode(EnetGlobal),
            Icmpv6Message.NeighborSolicitation(EnetGlobal, PeerMac)));
        var (_, _, ndp) = NextNdp();
        Assert.IsType<NdpMessage.NeighborAdvertisement>(ndp);
        // Sending the advertisement moved the STALE entry to DELAY; a confirmation-less wait past DELAY would probe,
        // so an unsolicited advertisement with the same address puts it back to STALE.
        Advertise(NeighborAdvertisementFlags.Override, OtherMac);
        Advertise(NeighborAdvertisementFlags.Override, PeerMac);
        AwaitState(PeerGlobal, NeighborState.Stale);
    }

    [Fact]
    public void Sending_to_an_unknown_neighbour_solicits_its_group_and_a_solicited_advertisement_makes_it_reachable()
    {
        Start();
        SendFromEnet(PeerGlobal);
        ExpectMulticastSolicitation();
        AwaitState(PeerGlobal, NeighborState.Incomplete);
        Advertise(Solicited);
        Assert.Equal(1, ExpectEchoToPeer());
        AwaitState(PeerGlobal, NeighborState.Reachable);
        Assert.Equal(PeerMac, NeighborOf(PeerGlobal)!.Mac);
    }

    [Fact]
    public void Incomplete_entry_solicits_max_multicast_solicit_times_then_goes_with_its_packets()
    {
        Start();
        SendFromEnet(PeerGlobal);
        ExpectMulticastSolicitation();
        Advance(TimeSpan.FromSeconds(1));
        ExpectMulticastSolicitation();
        Advance(TimeSpan.FromSeconds(1));
        ExpectMulticastSolicitation();
        Advance(TimeSpan.FromSeconds(1));
        AwaitState(PeerGlobal, null);
        Assert.Equal(1, Statistics().OutDiscards);
        ExpectWireSilent();
    }

    [Fact]
    public void Packets_waiting_for_resolution_keep_the_latest_up_to_the_bound()
    {
        Start();
        for (ushort sequence = 1; sequence <= 5; sequence++)
            SendFromEnet(PeerGlobal, sequence);
        ExpectMulticastSolicitation();
        AwaitAssert(() => Assert.Equal(3, NeighborOf(PeerGlobal)!.QueuedPackets));
        Advertise(Solicited);
        Assert.Equal([3, 4, 5], new[] { ExpectEchoToPeer(), ExpectEchoToPeer(), ExpectEchoToPeer() });
        Layer.Tell(Ipv6.GetNeighbors.Instance, TestActor);
        Assert.Equal(2, ExpectMsg<Ipv6.Neighbors>().DroppedPackets);
    }

    [Fact]
    public void Unsolicited_advertisement_completes_resolution_as_stale()
    {
        Start();
        SendFromEnet(PeerGlobal);
        ExpectMulticastSolicitation();
        Advertise(NeighborAdvertisementFlags.Override);
        Assert.Equal(1, ExpectEchoToPeer());
        AwaitState(PeerGlobal, NeighborState.Stale);
    }

    [Fact]
    public void Advertisement_without_a_link_layer_address_does_not_complete_resolution()
    {
        Start();
        SendFromEnet(PeerGlobal);
        ExpectMulticastSolicitation();
        FromPeer(EnetMac, Ipv6TestFrames.Ndp(PeerGlobal, EnetGlobal, Icmpv6Message.NeighborAdvertisement(PeerGlobal, Solicited)));
        AwaitState(PeerGlobal, NeighborState.Incomplete);
        ExpectWireSilent();
    }

    [Fact]
    public void Reachable_entry_becomes_stale_once_reachable_time_passes_unconfirmed()
    {
        Start();
        Resolve();
        // RFC 4861 6.3.2: ReachableTime is 0.5 to 1.5 times 30 s.
        Advance(TimeSpan.FromSeconds(14));
        Assert.Equal(NeighborState.Reachable, NeighborOf(PeerGlobal)!.State);
        Advance(TimeSpan.FromSeconds(32));
        AwaitState(PeerGlobal, NeighborState.Stale);
        ExpectWireSilent();
    }

    [Fact]
    public void Stale_entry_used_goes_to_delay_then_probes_unicast_and_a_solicited_advertisement_makes_it_reachable()
    {
        Start();
        MakeStale();
        SendFromEnet(PeerGlobal, 7);
        Assert.Equal(7, ExpectEchoToPeer());
        AwaitState(PeerGlobal, NeighborState.Delay);
        Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(NeighborState.Delay, NeighborOf(PeerGlobal)!.State);
        Advance(TimeSpan.FromSeconds(0.1));
        ExpectUnicastProbe();
        AwaitState(PeerGlobal, NeighborState.Probe);
        Advertise(Solicited);
        AwaitState(PeerGlobal, NeighborState.Reachable);
    }

    [Fact]
    public void Probe_unanswered_max_unicast_solicit_times_deletes_the_entry()
    {
        Start();
        MakeStale();
        SendFromEnet(PeerGlobal);
        ExpectEchoToPeer();
        AwaitState(PeerGlobal, NeighborState.Delay);
        Advance(TimeSpan.FromSeconds(5));
        ExpectUnicastProbe();
        Advance(TimeSpan.FromSeconds(1));
        ExpectUnicastProbe();
        Advance(TimeSpan.FromSeconds(1));
        ExpectUnicastProbe();
        Advance(TimeSpan.FromSeconds(1));
        AwaitState(PeerGlobal, null);
    }

    [Fact]
    public void Delay_confirmed_by_a_solicited_advertisement_goes_back_to_reachable_without_probing()
    {
        Start();
        MakeStale();
        SendFromEnet(PeerGlobal);
        ExpectEchoToPeer();
        AwaitState(PeerGlobal, NeighborState.Delay);
        Advertise(Solicited);
        AwaitState(PeerGlobal, NeighborState.Reachable);
        Advance(TimeSpan.FromSeconds(5));
        ExpectWireSilent();
    }

    [Fact]
    public void Advertisement_of_another_address_without_override_makes_reachable_stale_and_keeps_the_old_one()
    {
        Start();
        Resolve();
        Advertise(NeighborAdvertisementFlags.Solicited, OtherMac);
        AwaitState(PeerGlobal, NeighborState.Stale);
        Assert.Equal(PeerMac, NeighborOf(PeerGlobal)!.Mac);
    }

    [Fact]
    public void Advertisement_of_another_address_with_override_replaces_it()
    {
        Start();
        Resolve();
        Advertise(NeighborAdvertisementFlags.Override, OtherMac);
        AwaitState(PeerGlobal, NeighborState.Stale);
        Assert.Equal(OtherMac, NeighborOf(PeerGlobal)!.Mac);
        Advertise(Solicited, OtherMac);
        AwaitState(PeerGlobal, NeighborState.Reachable);
    }

    [Theory]
    [InlineData("2001:db8:5::2")]
    [InlineData("fe80::ff:fe00:a")]
    public void Solicitation_for_our_address_gets_a_solicited_override_advertisement_and_teaches_us_the_sender(string address)
    {
        Start();
        var target = Ipv6Address.Parse(address);
        var source = target.IsLinkLocal ? PeerLinkLocal : PeerGlobal;
        FromPeer(Ipv6Multicast.MacFor(Ipv6Multicast.SolicitedNode(target)), Ipv6TestFrames.Ndp(source, Ipv6Multicast.SolicitedNode(target),
            Icmpv6Message.NeighborSolicitation(target, PeerMac)));
        var (link, header, ndp) = NextNdp();
        Assert.Equal((PeerMac, target, source), (link, header.Source, header.Destination));
        Assert.Equal(new NdpMessage.NeighborAdvertisement(NeighborAdvertisementFlags.Solicited | NeighborAdvertisementFlags.Override,
            target, [new NdpOption.TargetLinkLayerAddress(EnetMac)]), ndp);
        // RFC 4861 7.2.3 makes the sender STALE; our advertisement to it was the first packet, so it is in DELAY.
        Assert.Equal(new Neighbor(source, PeerMac, NeighborState.Delay, false, 0), NeighborOf(source));
    }

    [Fact]
    public void Solicitations_with_a_hop_limit_below_255_or_for_another_address_are_ignored()
    {
        Start();
        var group = Ipv6Multicast.SolicitedNode(EnetGlobal);
        FromPeer(Ipv6Multicast.MacFor(group), Ipv6TestFrames.Icmp(PeerGlobal, group, Icmpv6Message.NeighborSolicitation(EnetGlobal, PeerMac), 64));
        FromPeer(Ipv6Multicast.MacFor(group), Ipv6TestFrames.Ndp(PeerGlobal, group,
            Icmpv6Message.NeighborSolicitation(Ipv6Address.Parse("2001:db8:5::1:2"), PeerMac)));
        AwaitAssert(() => Assert.Equal(1, Statistics().InDiscards));
        ExpectWireSilent();
        Assert.Empty(Neighbors());
    }

    [Fact]
    public void Table_is_bounded_and_the_least_recently_used_entry_goes_first()
    {
        Start(Quiet with { Ndp = Quiet.Ndp with { MaxEntries = 2 } });
        var group = Ipv6Multicast.SolicitedNode(EnetGlobal);
        foreach (var (source, mac) in new[] { ("2001:db8:5::11", "02:00:00:00:01:11"), ("2001:db8:5::12", "02:00:00:00:01:12"), ("2001:db8:5::13", "02:00:00:00:01:13") })
        {
            FromPeer(Ipv6Multicast.MacFor(group), Ipv6TestFrames.Ndp(Ipv6Address.Parse(source), group,
                Icmpv6Message.NeighborSolicitation(EnetGlobal, MacAddress.Parse(mac))));
            NextNdp();
            Advance(TimeSpan.FromMilliseconds(10));
        }
        AwaitAssert(() => Assert.Equal(["2001:db8:5::12", "2001:db8:5::13"], Neighbors().Select(n => n.Address.ToString())));
    }
}
