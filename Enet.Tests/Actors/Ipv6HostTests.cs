using Enet.Actors.Hosting;
using Enet.Actors.Icmp;
using Enet.Actors.Inet;
using Enet.Actors.Ip;
using Enet.Actors.Ndp;
using Enet.Actors.Udp;
using Enet.Codecs;
using Akka.Actor;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.Actors;


/// <summary>Two Enet hosts started by <see cref="HostStarter"/> with IPv6 on one in-memory wire: DAD, neighbour
/// discovery both ways, and ping6 (fragmented too) between them, in real time.</summary>
public sealed class Ipv6HostTests : NetworkTestKit
{
    private static readonly Ipv6Address GlobalA = Ipv6Address.Parse("2001:db8:5::a");
    private static readonly Ipv6Address GlobalB = Ipv6Address.Parse("2001:db8:5::b");

    private RunningHost Host(string name, MacAddress mac, string ipv4, Ipv6Address global, Func<Ipv6Settings, Ipv6Settings>? ipv6 = null) =>
        Network.AddHostAsync(name, mac, ipv4, configure: s => s with
        {
            Interfaces = [s.Interfaces[0] with { Ipv6 = [new Ipv6Cidr(global, 64)] }],
            Ipv6 = (ipv6 ?? (v => v))(s.Ipv6 with { Ndp = s.Ipv6.Ndp with { MaxDadDelay = TimeSpan.FromMilliseconds(50) } }),
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
        var host = await Network.AddHostAsync("v4only", TestFrames.HostA, "192.0.2.1/24");
        Assert.Null(Stack(host).Ipv6);
        Assert.Null(Stack(host).Icmpv6);
    }

    [Fact]
    public async Task Udp_datagrams_cross_between_inet6_sockets_both_ways()
    {
        var (a, b) = TwoHosts();
        var inet6 = new[] { InetOption.Family(InetFamily.Inet6) };
        await using var client = await UdpSocket.OpenAsync(Sys, Stack(a).Udp!, 0, inet6);
        await using var server = await UdpSocket.OpenAsync(Sys, Stack(b).Udp!, 9999, [InetOption.Family(InetFamily.Inet6), InetOption.Ip(GlobalB)]);
        await client.SendAsync(GlobalB, 9999, "over six"u8.ToArray());
        var request = await server.ReceiveAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(new InetAddress(GlobalA), request.Address);
        Assert.Equal(client.LocalPort, request.Port);
        Assert.Equal("over six"u8.ToArray(), request.Data.Span.ToArray());
        await server.SendAsync(request.Address, request.Port, "and back"u8.ToArray());
        var answer = await client.ReceiveAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((new InetAddress(GlobalB), (ushort)9999), (answer.Address, answer.Port));
        Assert.Equal("and back"u8.ToArray(), answer.Data.Span.ToArray());
    }

    [Fact]
    public async Task An_inet6_socket_may_bind_only_an_address_of_its_interface()
    {
        var (a, _) = TwoHosts();
        var error = await Assert.ThrowsAsync<InetException>(() =>
            UdpSocket.OpenAsync(Sys, Stack(a).Udp!, 0, [InetOption.Family(InetFamily.Inet6), InetOption.Ip(GlobalB)]));
        Assert.Equal(Posix.Eaddrnotavail, error.Reason);
        await using var linkLocal = await UdpSocket.OpenAsync(Sys, Stack(a).Udp!, 0,
            [InetOption.Family(InetFamily.Inet6), InetOption.Ip(InterfaceIdentifier.LinkLocal(TestFrames.HostA))]);
    }

    [Fact]
    public async Task A_datagram_to_a_closed_inet6_port_is_answered_with_icmpv6_port_unreachable()
    {
        var (a, b) = TwoHosts();
        await using var client = await UdpSocket.OpenAsync(Sys, Stack(a).Udp!, 0, [InetOption.Family(InetFamily.Inet6)]);
        Stack(a).Ipv6!.Tell(Ipv6.GetStatistics.Instance, TestActor);
        var before = ExpectMsg<Ipv6.Statistics>();
        await client.SendAsync(GlobalB, 4444, "anyone?"u8.ToArray());
        AwaitAssert(() =>
        {
            Stack(b).Udp!.Tell(Udp.GetStatistics.Instance, TestActor);
            Assert.Equal(1, ExpectMsg<Udp.Statistics>().PortUnreachables);
            // The error reaches a's IPv6 layer and is delivered to its ICMPv6 handler.
            Stack(a).Ipv6!.Tell(Ipv6.GetStatistics.Instance, TestActor);
            Assert.Equal(before.InDelivers + 1, ExpectMsg<Ipv6.Statistics>().InDelivers);
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Port_unreachables_over_ipv6_take_tokens_from_the_icmpv6_error_bucket()
    {
        // Found by the hostile-traffic suite: UDP's ICMPv6 errors bypassed the bucket, one error per datagram.
        var a = Host("a", TestFrames.HostA, "192.0.2.1/24", GlobalA);
        var b = Host("b", TestFrames.HostB, "192.0.2.2/24", GlobalB, v => v with { IcmpErrorBurst = 3, IcmpErrorsPerSecond = 0.001 });
        AwaitPreferred(a);
        AwaitPreferred(b);
        // Neighbours resolved both ways first, so no datagram or error waits in (and overflows) a pending queue.
        Assert.Equal(1, Ping(a, GlobalB, count: 1).Received);
        await using var client = await UdpSocket.OpenAsync(Sys, Stack(a).Udp!, 0, [InetOption.Family(InetFamily.Inet6)]);
        for (var i = 0; i < 10; i++)
            await client.SendAsync(GlobalB, 4444, "anyone?"u8.ToArray());
        AwaitAssert(() =>
        {
            Stack(b).Udp!.Tell(Udp.GetStatistics.Instance, TestActor);
            Assert.Equal(10, ExpectMsg<Udp.Statistics>().NoPorts);
            Stack(b).Ipv6!.Tell(Ipv6.GetStatistics.Instance, TestActor);
            var statistics = ExpectMsg<Ipv6.Statistics>();
            Assert.Equal((3L, 7L), (statistics.IcmpOutErrors, statistics.IcmpOutRateLimited));
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Getifaddrs_lists_ipv6_addresses_after_the_ipv4_ones_with_their_netmasks()
    {
        var (a, _) = TwoHosts();
        var entry = Assert.Single(await Enet.Actors.Inet.Inet.GetIfAddrsAsync(a));
        var addresses = entry.Options.Where(o => o.Name is "addr" or "netmask").Select(o => o.Value.ToString()).ToList();
        Assert.Equal(["192.0.2.1", "255.255.255.0",
            InterfaceIdentifier.LinkLocal(TestFrames.HostA).ToString(), "ffff:ffff:ffff:ffff::",
            GlobalA.ToString(), "ffff:ffff:ffff:ffff::"], addresses);
        Assert.Equal("hwaddr", entry.Options[^1].Name);
    }
}
