using System.Net;
using Akka.Actor;
using Akka.TestKit;
using Enet.Actors.GenTcp;
using Enet.Actors.Hosting;
using Enet.Actors.Icmp;
using Enet.Actors.Inet;
using Enet.Actors.Ip;
using Enet.Actors.Tcp;
using Enet.Codecs;
using Enet.Tests.Actors;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.Tcp;

using Tcp = Akka.IO.Tcp;

/// <summary>TCP over IPv6 between two Enet hosts on an in-memory wire: Akka.IO endpoints and gen_tcp inet6 sockets,
/// the services' dual-stack listeners, the MSS of RFC 8201 5.2 and a router's Packet Too Big.</summary>
public sealed class TcpOverIpv6Tests : NetworkTestKit
{
    private static readonly Ipv4Address AddressA = new(192, 0, 2, 1);
    private static readonly Ipv6Address GlobalA = Ipv6Address.Parse("2001:db8:5::a");
    private static readonly Ipv6Address GlobalB = Ipv6Address.Parse("2001:db8:5::b");
    private static readonly Ipv6Address Router = Ipv6Address.Parse("2001:db8:5::1");
    private static readonly MacAddress RouterMac = MacAddress.Parse("02:00:00:00:00:99");
    private static readonly TimeSpan Wire = TimeSpan.FromSeconds(5);

    /// <summary>A host with an IPv6 address usable at once (no duplicate address detection to wait for).</summary>
    private RunningHost Host(string name, MacAddress mac, string ipv4, Ipv6Address global, IReadOnlyList<string>? services = null) =>
        Network.AddHostAsync(name, mac, ipv4, services: services, configure: s => s with
        {
            Interfaces = [s.Interfaces[0] with { Ipv6 = [new Ipv6Cidr(global, 64)] }],
            Ipv6 = s.Ipv6 with { Ndp = s.Ipv6.Ndp with { DupAddrDetectTransmits = 0 } },
        }).GetAwaiter().GetResult();

    private (RunningHost A, RunningHost B) TwoHosts(IReadOnlyList<string>? servicesA = null) =>
        (Host("a", TestFrames.HostA, "192.0.2.1/24", GlobalA, servicesA), Host("b", TestFrames.HostB, "192.0.2.2/24", GlobalB));

    private static InterfaceStack Stack(RunningHost host) => host.Interfaces.Values.Single();

    private static IPEndPoint EndPoint(Ipv6Address address, ushort port) => EndPoints.From(new InetAddress(address), port);

    /// <summary>An Akka.IO connection from <paramref name="from"/> to <paramref name="to"/>, registered to the probe.</summary>
    private (IActorRef Connection, ConnectionId Id) Connect(RunningHost from, IPEndPoint to, TestProbe probe)
    {
        Stack(from).Tcp!.Tell(new Tcp.Connect(to), probe.Ref);
        var id = TcpEndPoints.Id(probe.ExpectMsg<Tcp.Connected>(Wire));
        var connection = probe.LastSender;
        connection.Tell(new Tcp.Register(probe.Ref), probe.Ref);
        return (connection, id);
    }

    private static string ReceiveText(TestProbe probe, int length)
    {
        var text = "";
        while (text.Length < length)
            text += System.Text.Encoding.ASCII.GetString(probe.ExpectMsg<Tcp.Received>(Wire).Data.ToReadOnlySpan());
        return text;
    }

    private static Tcp.Write Write(string text) => Io.Write(System.Text.Encoding.ASCII.GetBytes(text));

    private EnetTcp.ConnectionInfo Info(IActorRef connection)
    {
        var probe = CreateTestProbe();
        probe.Send(connection, EnetTcp.GetConnectionInfo.Instance);
        return probe.ExpectMsg<EnetTcp.ConnectionInfo>(Wire);
    }

    [Fact]
    public void Akka_io_bind_and_connect_with_ipv6_endpoints_exchange_data_and_offer_the_link_mtu_less_60()
    {
        var (a, b) = TwoHosts();
        var server = CreateTestProbe();
        Stack(b).Tcp!.Tell(new Tcp.Bind(server.Ref, EndPoint(GlobalB, 7000)), server.Ref);
        Assert.Equal(EndPoint(GlobalB, 7000), server.ExpectMsg<Tcp.Bound>(Wire).LocalAddress);
        var client = CreateTestProbe();
        var (connection, id) = Connect(a, EndPoint(GlobalB, 7000), client);
        Assert.Equal((new InetAddress(GlobalA), new InetAddress(GlobalB), (ushort)7000), (id.LocalAddress, id.RemoteAddress, id.RemotePort));
        var accepted = TcpEndPoints.Id(server.ExpectMsg<Tcp.Connected>(Wire));
        Assert.Equal((new InetAddress(GlobalB), new InetAddress(GlobalA), id.LocalPort), (accepted.LocalAddress, accepted.RemoteAddress, accepted.RemotePort));
        var serverConnection = server.LastSender;
        serverConnection.Tell(new Tcp.Register(server.Ref), server.Ref);
        connection.Tell(Write("over six"), client.Ref);
        Assert.Equal("over six", ReceiveText(server, 8));
        serverConnection.Tell(Write("and back"), server.Ref);
        Assert.Equal("and back", ReceiveText(client, 8));
        // RFC 8201 5.2 / RFC 9293 3.7.1: 1500 - 40 (IPv6) - 20 (TCP) offered on both sides, less the 12 bytes of the
        // timestamps option (RFC 7323 3.2) both agreed on in each segment.
        Assert.Equal((1440 - 12, 1440 - 12), (Info(connection).SendMss, Info(serverConnection).SendMss));
    }

    [Fact]
    public void Tcp_echo_listens_on_both_families_and_a_link_local_peer_gets_a_link_local_source()
    {
        var (_, b) = TwoHosts(servicesA: ["arp", "icmp", "tcp-echo"]);
        foreach (var target in new[] { EndPoint(GlobalA, TcpEcho.Port), EndPoint(InterfaceIdentifier.LinkLocal(TestFrames.HostA), TcpEcho.Port),
                     EndPoints.From(AddressA, TcpEcho.Port) })
        {
            var client = CreateTestProbe();
            ConnectionId id = default;
            IActorRef? connection = null;
            // The service binds as it starts; until then the port is refused.
            AwaitAssert(() => (connection, id) = Connect(b, target, client), Wire);
            Assert.Equal(target, EndPoints.From(id.RemoteAddress, id.RemotePort));
            // RFC 6724 rule 2: a link-local destination is reached from our link-local address.
            Assert.Equal(new InetAddress(InterfaceIdentifier.LinkLocal(TestFrames.HostB)) == id.LocalAddress,
                target.Address.IsIPv6LinkLocal);
            connection!.Tell(Write($"echo {target}"), client.Ref);
            Assert.Equal($"echo {target}", ReceiveText(client, $"echo {target}".Length));
            connection.Tell(Tcp.Abort.Instance, client.Ref);
            client.ExpectMsg<Tcp.Aborted>(Wire);
        }
    }

    [Fact]
    public async Task An_ipv4_listener_resets_an_ipv6_syn_and_an_ipv6_connect_without_an_ipv6_layer_is_refused()
    {
        var (a, b) = TwoHosts();
        var server = CreateTestProbe();
        Stack(b).Tcp!.Tell(Io.Bind(server.Ref, 7001), server.Ref);
        server.ExpectMsg<Tcp.Bound>(Wire);
        var client = CreateTestProbe();
        Stack(a).Tcp!.Tell(new Tcp.Connect(EndPoint(GlobalB, 7001)), client.Ref);
        client.ExpectMsg<Tcp.CommandFailed>(Wire);
        var v4only = await Network.AddHostAsync("c", TestFrames.Stranger, "192.0.2.3/24");
        Stack(v4only).Tcp!.Tell(new Tcp.Connect(EndPoint(GlobalB, 7001)), client.Ref);
        client.ExpectMsg<Tcp.CommandFailed>(Wire);
        // A local IPv4 address with a remote IPv6 one is no 4-tuple.
        Stack(a).Tcp!.Tell(new Tcp.Connect(EndPoint(GlobalB, 7001), EndPoints.From(AddressA, 0)), client.Ref);
        client.ExpectMsg<Tcp.CommandFailed>(Wire);
    }

    [Fact]
    public async Task Gen_tcp_inet6_listen_accept_and_connect_carry_data_and_report_ipv6_names()
    {
        var (a, b) = TwoHosts();
        await using var listen = await TcpSocket.ListenAsync(Sys, Stack(b).Tcp!, 7002, [InetOption.Family(InetFamily.Inet6)]);
        Assert.Equal(InetAddress.Ipv6Any, listen.LocalAddress);
        var accepting = listen.AcceptAsync(Wire);
        // gen_tcp picks inet6_tcp for an 8-tuple address: no inet6 option needed to connect.
        await using var client = await TcpSocket.ConnectAsync(Sys, Stack(a).Tcp!, new InetAddress(GlobalB), 7002, timeout: Wire);
        await using var server = await accepting;
        Assert.Equal((new InetAddress(GlobalA), new InetAddress(GlobalB)), (client.LocalAddress, client.RemoteAddress));
        Assert.Equal((new InetAddress(GlobalB), new InetAddress(GlobalA), client.LocalPort), (server.LocalAddress, server.RemoteAddress, server.RemotePort));
        await client.SendAsync("inet6"u8.ToArray());
        Assert.Equal("inet6"u8.ToArray(), (await server.RecvAsync(5, Wire)).Span.ToArray());
        // The same listener hears IPv4: :: is a dual-stack socket.
        var accepting4 = listen.AcceptAsync(Wire);
        await using var client4 = await TcpSocket.ConnectAsync(Sys, Stack(a).Tcp!, new Ipv4Address(192, 0, 2, 2), 7002, timeout: Wire);
        await using var server4 = await accepting4;
        Assert.Equal((new InetAddress(AddressA), new InetAddress(new Ipv4Address(192, 0, 2, 2))), (server4.RemoteAddress, server4.LocalAddress));
    }

    [Fact]
    public void A_routers_packet_too_big_shrinks_the_connections_segments_and_the_ipv6_layers_path_mtu()
    {
        var (a, b) = TwoHosts();
        var server = CreateTestProbe();
        Stack(b).Tcp!.Tell(new Tcp.Bind(server.Ref, EndPoint(GlobalB, 7003)), server.Ref);
        server.ExpectMsg<Tcp.Bound>(Wire);
        var client = CreateTestProbe();
        var (connection, id) = Connect(a, EndPoint(GlobalB, 7003), client);
        using var router = Network.Plug("router");
        // RFC 4443 3.2: the Packet Too Big quotes our packet: its IPv6 header and the TCP header's first 8 bytes.
        var quoted = new byte[Ipv6Packet.HeaderLength + 8];
        new Ipv6Header(0, 0, null, IpProtocol.Tcp, 64, GlobalA, GlobalB).Emit(quoted, 1440);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(quoted.AsSpan(40), id.LocalPort);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(quoted.AsSpan(42), id.RemotePort);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(quoted.AsSpan(44), Info(connection).SndNxt);
        var tooBig = new Icmpv6Message(Icmpv6Type.PacketTooBig, 0, null, 1280, quoted);
        Assert.True(router.TrySend(Ipv6TestFrames.Frame(TestFrames.HostA, RouterMac, Ipv6TestFrames.Icmp(Router, GlobalA, tooBig))));
        AwaitAssert(() => Assert.Equal(1280 - 60 - 12, Info(connection).SendMss), Wire);
        // RFC 8201 5.2: the layer fragments to the path MTU too: a 1300-byte ping to B goes in two fragments.
        Stack(a).Icmpv6!.Tell(new Icmpv6.Ping(GlobalB, 1, TimeSpan.FromMilliseconds(20), Wire, 1300 - 48), TestActor);
        Assert.Equal(1, ExpectMsg<Icmpv6.PingResult>(TimeSpan.FromSeconds(10)).Received);
        Stack(a).Ipv6!.Tell(Ipv6.GetStatistics.Instance, TestActor);
        Assert.Equal(1, ExpectMsg<Ipv6.Statistics>().OutFragOKs);
    }
}
