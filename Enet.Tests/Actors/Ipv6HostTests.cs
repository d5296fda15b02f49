using Enet.Actors.Hosting;
using Enet.Actors.Icmp;
using Enet.Actors.Ip;
using Enet.Actors.Ndp;
using Enet.Codecs;
using Enet.Runtime.Actor;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.Actors;

using TestKit = Enet.TestKit.TestKit;

/// <summary>Two Enet hosts started by <see cref="HostStarter"/> with IPv6 on one in-memory wire: DAD, neighbour
/// discovery both ways, and ping6 (fragmented too) between them, in real time.</summary>
public sealed class Ipv6HostTests : TestKit
{
    private static readonly Ipv6Address GlobalA = Ipv6Address.Parse("2001:db8:5::a");
    private static readonly Ipv6Address GlobalB = Ipv6Address.Parse("2001:db8:5::b");

    private readonly VirtualNetwork network;

    public Ipv6HostTests() => network = new VirtualNetwork(Sys);

    private RunningHost Host(string name, MacAddress mac, string ipv4, Ipv6Address global) =>
        network.AddHostAsync(name, mac, ipv4, configure: s => s with
        {
            Interfaces = [s.Interfaces[0] with { Ipv6 = [new Ipv6Cidr(global, 64)] }],
            Ipv6 = s.Ipv6 with { Ndp = s.Ipv6.Ndp with { MaxDadDelay = TimeSpan.FromMilliseconds(50) } },
        }).GetAwaiter().GetResult();

    private static InterfaceStack Stack(RunningHost host) => host.Interfaces.Values.Single();

    /// <summary>Waits until both of the host's addresses passed DAD (about RetransTimer, 1 s).</summary>
    private void AwaitPreferred(RunningHost host) => AwaitAssert(() =>
    {
        Stack(host).Ipv6!.Tell(Ipv6.GetAddresses.Instance, TestActor);
        var addresses = ExpectMsg<Ipv6.Addresses>().All;
        Assert.Equal(2, addresses.Count);
        Assert.All(addresses, a => Assert.Equal(Ipv6AddressState.Preferred, a.State));
    }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));

    private (RunningHost A, RunningHost B) TwoHosts()
    {
        var a = Host("a", TestFrames.HostA, "192.0.2.1/24", GlobalA);
        var b = Host("b", TestFrames.HostB, "192.0.2.2/24", GlobalB);
        AwaitPreferred(a);
        AwaitPreferred(b);
        return (a, b);
    }

    private Icmpv6.PingResult Ping(RunningHost from, Ipv6Address to, int count = 3, int length = 56)
    {
        Stack(from).Icmpv6!.Tell(new Icmpv6.Ping(to, count, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(3), length), TestActor);
        return ExpectMsg<Icmpv6.PingResult>(TimeSpan.FromSeconds(15));
    }

    private Neighbor? NeighborOf(RunningHost host, Ipv6Address address)
    {
        Stack(host).Ipv6!.Tell(Ipv6.GetNeighbors.Instance, TestActor);
        return ExpectMsg<Ipv6.Neighbors>().Entries.SingleOrDefault(n => n.Address == address);
    }

    [Fact]
    public void Ping6_to_the_global_address_gets_every_reply_and_both_hosts_learn_each_other()
    {
        var (a, b) = TwoHosts();
        var result = Ping(a, GlobalB);
        Assert.Equal([(ushort)1, 2, 3], result.Replies.Select(r => r.Sequence));
        Assert.All(result.Replies, r => Assert.Equal(64, r.HopLimit));
        Assert.StartsWith("2001:db8:5::b: 3 packets transmitted, 3 received", result.ToString());
        // A resolved B with a solicited advertisement; B learnt A from A's solicitation (RFC 4861 7.2.3).
        Assert.Equal((TestFrames.HostB, NeighborState.Reachable), (NeighborOf(a, GlobalB)!.Mac, NeighborOf(a, GlobalB)!.State));
        Assert.Equal(TestFrames.HostA, NeighborOf(b, GlobalA)!.Mac);
    }

    [Fact]
    public void Ping6_to_the_link_local_address_gets_every_reply()
    {
        var (a, _) = TwoHosts();
        var result = Ping(a, InterfaceIdentifier.LinkLocal(TestFrames.HostB));
        Assert.Equal(3, result.Received);
    }

    [Fact]
    public void Ping6_larger_than_the_mtu_is_fragmented_both_ways_and_answered()
    {
        var (a, b) = TwoHosts();
        var result = Ping(a, GlobalB, count: 2, length: 3000);
        Assert.Equal(2, result.Received);
        Stack(b).Ipv6!.Tell(Ipv6.GetStatistics.Instance, TestActor);
        var statistics = ExpectMsg<Ipv6.Statistics>();
        Assert.Equal((2L, 2L), (statistics.ReasmOKs, statistics.OutFragOKs));
    }

    [Fact]
    public void Ping6_of_an_address_nobody_has_reports_nothing_received()
    {
        var (a, _) = TwoHosts();
        var result = Ping(a, Ipv6Address.Parse("2001:db8:5::77"), count: 1);
        Assert.Equal((1, 0), (result.Transmitted, result.Received));
    }

    [Fact]
    public async Task Host_without_ipv6_addresses_starts_no_ipv6_layer()
    {
        var host = await network.AddHostAsync("v4only", TestFrames.HostA, "192.0.2.1/24");
        Assert.Null(Stack(host).Ipv6);
        Assert.Null(Stack(host).Icmpv6);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        network.Dispose();
    }
}
