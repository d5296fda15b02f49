using Enet.Actors.Ip;
using Enet.Codecs;
using Xunit;

namespace Enet.Tests.Actors;

/// <summary>Duplicate address detection for our addresses (RFC 4862 5.4) on virtual time.</summary>
public sealed class DuplicateAddressDetectionTests : Ipv6Scenario
{
    private static readonly Ipv6Settings Probing = Quiet with { Ndp = Quiet.Ndp with { DupAddrDetectTransmits = 1 } };

    private Ipv6AddressState StateOf(Ipv6Address address) => Addresses().Single(a => a.Cidr.Address == address).State;

    /// <summary>Starts the layer and reads the probe of each address (the first waits a zero random delay here).</summary>
    private void StartProbing()
    {
        Start(Probing);
        Advance(TimeSpan.Zero);
        var probed = new HashSet<Ipv6Address>();
        for (var i = 0; i < 2; i++)
        {
            var (link, header, ndp) = NextNdp();
            var ns = Assert.IsType<NdpMessage.NeighborSolicitation>(ndp);
            // RFC 4862 5.4.2: from ::, to the target's solicited-node group, no source link-layer address option.
            Assert.Equal((Ipv6Address.Unspecified, Ipv6Multicast.SolicitedNode(ns.Target)), (header.Source, header.Destination));
            Assert.Equal(Ipv6Multicast.MacFor(header.Destination), link);
            Assert.Empty(ns.Options);
            probed.Add(ns.Target);
        }
        Assert.Equal([EnetGlobal, EnetLinkLocal], probed.OrderBy(a => a.Value));
    }

    private void EchoRequestFromPeer(ushort sequence) =>
        FromPeer(EnetMac, Ipv6TestFrames.Icmp(PeerGlobal, EnetGlobal, Icmpv6Message.EchoRequest(1, sequence, new byte[8])));

    [Fact]
    public void Link_local_address_comes_from_the_mac_and_both_addresses_start_tentative()
    {
        Start(Probing);
        Assert.Equal([(new Ipv6Cidr(EnetLinkLocal, 64), Ipv6AddressState.Tentative), (Ipv6Cidr.Parse("2001:db8:5::2/64"), Ipv6AddressState.Tentative)],
            Addresses().Select(a => (a.Cidr, a.State)));
    }

    [Fact]
    public void Addresses_are_probed_and_preferred_once_retrans_timer_passes_without_a_conflict()
    {
        StartProbing();
        // RFC 4862 5.4: a tentative address takes no traffic.
        EchoRequestFromPeer(1);
        AwaitAssert(() => Assert.Equal(1, Statistics().InAddrErrors));
        Advance(TimeSpan.FromSeconds(1));
        AwaitAssert(() => Assert.All(Addresses(), a => Assert.Equal(Ipv6AddressState.Preferred, a.State)));
        ExpectWireSilent();
    }

    [Fact]
    public void Advertisement_for_a_tentative_address_marks_it_duplicated_and_it_is_never_used()
    {
        StartProbing();
        FromPeer(Ipv6Multicast.MacFor(Ipv6Multicast.AllNodes), Ipv6TestFrames.Ndp(PeerLinkLocal, Ipv6Multicast.AllNodes,
            Icmpv6Message.NeighborAdvertisement(EnetGlobal, NeighborAdvertisementFlags.Override, PeerMac)));
        AwaitAssert(() => Assert.Equal(Ipv6AddressState.Duplicated, StateOf(EnetGlobal)));
        Advance(TimeSpan.FromSeconds(1));
        AwaitAssert(() => Assert.Equal(Ipv6AddressState.Preferred, StateOf(EnetLinkLocal)));
        Assert.Equal(Ipv6AddressState.Duplicated, StateOf(EnetGlobal));
        // Neither solicitations for it nor packets to it are answered.
        var group = Ipv6Multicast.SolicitedNode(EnetGlobal);
        FromPeer(Ipv6Multicast.MacFor(group), Ipv6TestFrames.Ndp(PeerGlobal, group, Icmpv6Message.NeighborSolicitation(EnetGlobal, PeerMac)));
        EchoRequestFromPeer(2);
        AwaitAssert(() => Assert.Equal(2, Statistics().InAddrErrors));
        ExpectWireSilent();
    }

    [Fact]
    public void Another_nodes_probe_for_our_tentative_address_marks_it_duplicated()
    {
        StartProbing();
        var group = Ipv6Multicast.SolicitedNode(EnetGlobal);
        FromPeer(Ipv6Multicast.MacFor(group), Ipv6TestFrames.Ndp(Ipv6Address.Unspecified, group, Icmpv6Message.NeighborSolicitation(EnetGlobal)));
        AwaitAssert(() => Assert.Equal(Ipv6AddressState.Duplicated, StateOf(EnetGlobal)));
        Advance(TimeSpan.FromSeconds(1));
        AwaitAssert(() => Assert.Equal(Ipv6AddressState.Preferred, StateOf(EnetLinkLocal)));
        Assert.Equal(Ipv6AddressState.Duplicated, StateOf(EnetGlobal));
    }

    [Fact]
    public void Another_nodes_probe_for_a_preferred_address_is_answered_to_all_nodes()
    {
        StartProbing();
        Advance(TimeSpan.FromSeconds(1));
        AwaitAssert(() => Assert.Equal(Ipv6AddressState.Preferred, StateOf(EnetGlobal)));
        var group = Ipv6Multicast.SolicitedNode(EnetGlobal);
        FromPeer(Ipv6Multicast.MacFor(group), Ipv6TestFrames.Ndp(Ipv6Address.Unspecified, group, Icmpv6Message.NeighborSolicitation(EnetGlobal)));
        var (link, header, ndp) = NextNdp();
        // RFC 4861 7.2.4: to all-nodes, not solicited, overriding, with our link-layer address.
        Assert.Equal((Ipv6Multicast.MacFor(Ipv6Multicast.AllNodes), EnetGlobal, Ipv6Multicast.AllNodes), (link, header.Source, header.Destination));
        Assert.Equal(new NdpMessage.NeighborAdvertisement(NeighborAdvertisementFlags.Override, EnetGlobal,
            [new NdpOption.TargetLinkLayerAddress(EnetMac)]), ndp);
        Assert.Equal(Ipv6AddressState.Preferred, StateOf(EnetGlobal));
    }
}
