using Enet.Actors;
using Enet.Actors.Hosting;
using Enet.Actors.Inet;
using Enet.Actors.Udp;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.Actors;

using Inet = Enet.Actors.Inet.Inet;

/// <summary>gen_udp semantics between Enet hosts on an in-memory wire, and against hand-made frames.</summary>
public sealed class UdpSocketTests : NetworkTestKit
{
    private static readonly Ipv4Address AddressA = new(192, 0, 2, 1);
    private static readonly Ipv4Address AddressB = new(192, 0, 2, 2);
    private static readonly Ipv4Address Prober = new(192, 0, 2, 99);
    private static readonly TimeSpan Wire = TimeSpan.FromSeconds(5);

    private RunningHost Host(string name, MacAddress mac, Ipv4Address address, IReadOnlyList<string>? services = null,
        Func<HostSettings, HostSettings>? configure = null) =>
        Network.AddHostAsync(name, mac, $"{address}/24", services: services, configure: configure).GetAwaiter().GetResult();

    private static IActorRef UdpOf(RunningHost host) => host.Interfaces.Values.Single().Udp!;

    private Udp.Opened Open(IActorRef udp, ushort port, params InetOption[] options)
    {
        udp.Tell(new Udp.Open(port, options), TestActor);
        return ExpectMsg<Udp.Opened>();
    }

    private Udp.Error OpenFails(IActorRef udp, ushort port, params InetOption[] options)
    {
        udp.Tell(new Udp.Open(port, options), TestActor);
        return ExpectMsg<Udp.Error>();
    }

    private static void Send(Udp.Opened from, InetAddress to, ushort port, string text) =>
        from.Socket.Tell(new Udp.Send(to, port, System.Text.Encoding.ASCII.GetBytes(text)), ActorRefs.NoSender);

    private Udp.Datagram ExpectDatagram(string text)
    {
        var datagram = ExpectMsg<Udp.Datagram>(Wire);
        Assert.Equal(text, System.Text.Encoding.ASCII.GetString(datagram.Data.Span));
        return datagram;
    }

    private (RunningHost A, RunningHost B) TwoHosts(Func<HostSettings, HostSettings>? configureB = null) =>
        (Host("a", TestFrames.HostA, AddressA), Host("b", TestFrames.HostB, AddressB, configure: configureB));

    private T Ask<T>(IActorRef actor, object message)
    {
        actor.Tell(message, TestActor);
        return ExpectMsg<T>();
    }

    [Fact]
    public void Active_socket_hands_each_datagram_to_its_owner_with_the_senders_address_and_port()
    {
        var (a, b) = TwoHosts();
        var server = Open(UdpOf(a), 5000);
        var client = Open(UdpOf(b), 0);
        Send(client, AddressA, 5000, "hello");
        var datagram = ExpectDatagram("hello");
        Assert.Equal((server.Socket, (InetAddress)AddressB, client.Port), (datagram.Socket, datagram.Address, datagram.Port));
        Send(client, AddressA, 5000, "again");
        ExpectDatagram("again");
    }

    [Fact]
    public void Passive_socket_keeps_datagrams_for_recv_in_order_and_recv_times_out_when_there_is_none()
    {
        var (a, b) = TwoHosts();
        var server = Open(UdpOf(a), 5000, InetOption.Active(false));
        var client = Open(UdpOf(b), 0);
        Send(client, AddressA, 5000, "one");
        Send(client, AddressA, 5000, "two");
        ExpectNoMsgWhenIdle();
        // Length is ignored for UDP, as inet_drv ignores it: the whole datagram comes back.
        var first = Ask<Udp.Received>(server.Socket, new Udp.Recv(2, Wire));
        Assert.Equal(("one", (InetAddress)AddressB, client.Port), (System.Text.Encoding.ASCII.GetString(first.Data.Span), first.Address, first.Port));
        Assert.Equal("two", System.Text.Encoding.ASCII.GetString(Ask<Udp.Received>(server.Socket, new Udp.Recv(0, Wire)).Data.Span));
        Assert.Equal(Posix.Timeout, Ask<Udp.Error>(server.Socket, new Udp.Recv(0, TimeSpan.FromMilliseconds(50))).Reason);
        // A recv waiting when the datagram arrives gets it.
        server.Socket.Tell(new Udp.Recv(0, Wire), TestActor);
        Send(client, AddressA, 5000, "three");
        Assert.Equal("three", System.Text.Encoding.ASCII.GetString(ExpectMsg<Udp.Received>(Wire).Data.Span));
    }

    [Fact]
    public void Recv_on_an_active_socket_is_einval()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        var socket = Open(UdpOf(a), 5000).Socket;
        Assert.Equal(Posix.Einval, Ask<Udp.Error>(socket, new Udp.Recv(0, TimeSpan.FromSeconds(1))).Reason);
    }

    [Fact]
    public void Active_once_delivers_one_datagram_then_turns_passive_without_a_passive_message()
    {
        var (a, b) = TwoHosts();
        var server = Open(UdpOf(a), 5000, InetOption.ActiveOnce);
        var client = Open(UdpOf(b), 0);
        Send(client, AddressA, 5000, "first");
        Send(client, AddressA, 5000, "second");
        ExpectDatagram("first");
        ExpectNoMsgWhenIdle();
        Assert.Equal("{active,false}", Ask<Udp.Opts>(server.Socket, new Udp.GetOpts(["active"])).Options.Single().ToString());
        Ask<Udp.Ok>(server.Socket, new Udp.SetOpts([InetOption.ActiveOnce]));
        ExpectDatagram("second");
    }

    [Fact]
    public void Active_n_delivers_n_datagrams_then_sends_udp_passive_and_keeps_the_rest_for_recv()
    {
        var (a, b) = TwoHosts();
        var server = Open(UdpOf(a), 5000, InetOption.ActiveN(2));
        var client = Open(UdpOf(b), 0);
        foreach (var text in new[] { "a", "bb", "ccc" })
            Send(client, AddressA, 5000, text);
        ExpectDatagram("a");
        ExpectDatagram("bb");
        Assert.Equal(server.Socket, ExpectMsg<Udp.Passive>(Wire).Socket);
        ExpectNoMsgWhenIdle();
        Assert.Equal("{active,false}", Ask<Udp.Opts>(server.Socket, new Udp.GetOpts(["active"])).Options.Single().ToString());
        Assert.Equal("ccc", System.Text.Encoding.ASCII.GetString(Ask<Udp.Received>(server.Socket, new Udp.Recv(0, Wire)).Data.Span));
        var stat = Ask<Udp.Stat>(server.Socket, new Udp.GetStat(Inet.ParseStats(["recv_cnt", "recv_oct", "recv_max"]).Value));
        Assert.Equal("{recv_cnt,3} {recv_oct,6} {recv_max,3}", string.Join(' ', stat.Values));
    }

    [Fact]
    public void Active_n_is_added_to_the_counter_within_its_range_as_inet_does()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        var socket = Open(UdpOf(a), 5000, InetOption.Active(false)).Socket;
        string Active() => Ask<Udp.Opts>(socket, new Udp.GetOpts(["active"])).Options.Single().Value.ToString()!;
        Ask<Udp.Ok>(socket, new Udp.SetOpts([InetOption.ActiveN(5)]));
        Ask<Udp.Ok>(socket, new Udp.SetOpts([InetOption.ActiveN(-3)]));
        Assert.Equal("2", Active());
        // A negative N at least the counter's size leaves it at 0: passive, with {udp_passive, S}.
        socket.Tell(new Udp.SetOpts([InetOption.ActiveN(-10)]), TestActor);
        ExpectMsg<Udp.Ok>();
        ExpectMsg<Udp.Passive>();
        Assert.Equal("false", Active());
        Ask<Udp.Ok>(socket, new Udp.SetOpts([InetOption.ActiveN(32767)]));
        Assert.Equal(Posix.Einval, Ask<Udp.Error>(socket, new Udp.SetOpts([InetOption.ActiveN(1)])).Reason);
        Assert.Equal("32767", Active());
        Assert.Equal(Posix.Einval, Ask<Udp.Error>(socket, new Udp.SetOpts([InetOption.ActiveN(-32769)])).Reason);
        Assert.Equal(Posix.Einval, Ask<Udp.Error>(socket, new Udp.SetOpts([InetOption.ActiveN(32768)])).Reason);
        Ask<Udp.Ok>(socket, new Udp.SetOpts([InetOption.Active(true)]));
        Ask<Udp.Ok>(socket, new Udp.SetOpts([InetOption.ActiveN(3)]));
        Assert.Equal("3", Active());
        // Even on a socket already passive, {active, 0} says udp_passive (probed on OTP 25).
        Ask<Udp.Ok>(socket, new Udp.SetOpts([InetOption.Active(false)]));
        socket.Tell(new Udp.SetOpts([InetOption.ActiveN(0)]), TestActor);
        ExpectMsg<Udp.Ok>();
        ExpectMsg<Udp.Passive>();
    }

    [Fact]
    public void Datagrams_queued_while_passive_all_reach_the_owner_in_order_read_packets_at_a_time()
    {
        var (a, b) = TwoHosts();
        var server = Open(UdpOf(a), 5000, InetOption.Active(false), InetOption.ReadPackets(2));
        var client = Open(UdpOf(b), 0);
        Send(client, AddressA, 5000, "0");
        AwaitAssert(() => Assert.Equal(1, Ask<Udp.SocketInfo>(server.Socket, Udp.GetSocketInfo.Instance).Queued), Wire);
        for (var i = 1; i < 7; i++)
            Send(client, AddressA, 5000, i.ToString());
        AwaitAssert(() => Assert.Equal(7, Ask<Udp.SocketInfo>(server.Socket, Udp.GetSocketInfo.Instance).Queued), Wire);
        Assert.Equal("{read_packets,2}", Ask<Udp.Opts>(server.Socket, new Udp.GetOpts(["read_packets"])).Options.Single().ToString());
        Ask<Udp.Ok>(server.Socket, new Udp.SetOpts([InetOption.Active(true)]));
        for (var i = 0; i < 7; i++)
            ExpectDatagram(i.ToString());
        Assert.Equal(0, Ask<Udp.SocketInfo>(server.Socket, Udp.GetSocketInfo.Instance).Queued);
    }

    [Fact]
    public void Passive_socket_drops_datagrams_beyond_recbuf_and_counts_them()
    {
        var (a, b) = TwoHosts();
        var server = Open(UdpOf(a), 5000, InetOption.Active(false), InetOption.RecBuf(100));
        var client = Open(UdpOf(b), 0);
        // One datagram first, so ARP has resolved before the burst: the ARP cache holds only 3 packets per unresolved neighbour.
        Send(client, AddressA, 5000, "warm-up");
        Ask<Udp.Received>(server.Socket, new Udp.Recv(0, Wire));
        var forty = new string('x', 40);
        for (var i = 0; i < 5; i++)
            Send(client, AddressA, 5000, forty);
        AwaitAssert(() => Assert.Equal(6, Ask<Udp.Statistics>(UdpOf(a), Udp.GetStatistics.Instance).InDatagrams), Wire);
        var info = Ask<Udp.SocketInfo>(server.Socket, Udp.GetSocketInfo.Instance);
        Assert.Equal((2, 80, 3L), (info.Queued, info.QueuedBytes, info.Drops));
        Assert.Equal(3, Ask<Udp.Statistics>(UdpOf(a), Udp.GetStatistics.Instance).RcvbufErrors);
        Ask<Udp.Received>(server.Socket, new Udp.Recv(0, Wire));
        Ask<Udp.Received>(server.Socket, new Udp.Recv(0, Wire));
        Assert.Equal(Posix.Timeout, Ask<Udp.Error>(server.Socket, new Udp.Recv(0, TimeSpan.FromMilliseconds(50))).Reason);
    }

    [Fact]
    public void Sending_to_a_broadcast_address_needs_the_broadcast_option()
    {
        var (a, b) = TwoHosts();
        var listener = Open(UdpOf(b), 6000);
        var sender = Open(UdpOf(a), 0);
        Assert.Equal(Posix.Eacces, Ask<Udp.Error>(sender.Socket, new Udp.Send(InetAddress.Broadcast, 6000, new byte[] { 1 }, Ack: true)).Reason);
        Assert.Equal(Posix.Eacces, Ask<Udp.Error>(sender.Socket, new Udp.Send(new Ipv4Address(192, 0, 2, 255), 6000, new byte[] { 1 }, Ack: true)).Reason);
        Ask<Udp.Ok>(sender.Socket, new Udp.SetOpts([InetOption.Broadcast(true)]));
        Ask<Udp.Ok>(sender.Socket, new Udp.Send(InetAddress.Broadcast, 6000, "all"u8.ToArray(), Ack: true));
        var datagram = ExpectMsg<Udp.Datagram>(Wire);
        Assert.Equal((listener.Socket, (InetAddress)AddressA), (datagram.Socket, datagram.Address));
    }

    [Fact]
    public void Send_refusals_follow_gen_udp()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        var socket = Open(UdpOf(a), 0).Socket;
        Assert.Equal(Posix.Einval, Ask<Udp.Error>(socket, new Udp.Send(AddressB, 0, new byte[] { 1 }, Ack: true)).Reason);
        Assert.Equal(Posix.Emsgsize, Ask<Udp.Error>(socket, new Udp.Send(AddressB, 9, new byte[70000], Ack: true)).Reason);
        Assert.Equal(Posix.Eafnosupport, Ask<Udp.Error>(socket, new Udp.Send(Ipv6Address.Parse("2001:db8::1"), 9, new byte[] { 1 }, Ack: true)).Reason);
    }

    [Fact]
    public void Port_zero_draws_distinct_ephemeral_ports_until_the_range_is_used_up()
    {
        var a = Host("a", TestFrames.HostA, AddressA, configure: s => s with { Udp = s.Udp with { EphemeralLow = 50000, EphemeralHigh = 50001 } });
        var ports = new[] { Open(UdpOf(a), 0).Port, Open(UdpOf(a), 0).Port };
        Assert.Equal([50000, 50001], ports.Order().Select(p => (int)p));
        Assert.Equal(Posix.Eaddrinuse, OpenFails(UdpOf(a), 0).Reason);
        var b = Host("b", TestFrames.HostB, AddressB);
        Assert.All(Enumerable.Range(0, 20).Select(_ => Open(UdpOf(b), 0).Port), p => Assert.InRange(p, 49152, 65535));
    }

    [Fact]
    public void A_taken_port_is_eaddrinuse_until_its_socket_closes()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        var first = Open(UdpOf(a), 5000);
        Assert.Equal(Posix.Eaddrinuse, OpenFails(UdpOf(a), 5000).Reason);
        Assert.Equal(Posix.Eaddrinuse, OpenFails(UdpOf(a), 5000, InetOption.Ip(AddressA)).Reason);
        Assert.Equal(Posix.Eaddrnotavail, OpenFails(UdpOf(a), 5001, InetOption.Ip(AddressB)).Reason);
        Assert.Equal(Posix.Einval, OpenFails(UdpOf(a), 5001, new InetOption("no_such_option", 1)).Reason);
        Assert.Equal(Posix.Eafnosupport, OpenFails(UdpOf(a), 5001, InetOption.Family(InetFamily.Inet6)).Reason);
        Ask<Udp.Ok>(first.Socket, Udp.Close.Instance);
        var bound = Open(UdpOf(a), 5000, InetOption.Ip(AddressA));
        Assert.Equal((InetAddress)AddressA, bound.Address);
        // The wildcard needs the port free on every address.
        Assert.Equal(Posix.Eaddrinuse, OpenFails(UdpOf(a), 5000).Reason);
    }

    [Fact]
    public void Socket_closes_when_its_owner_dies_and_frees_its_port()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        var owner = Sys.ActorOf(ActorProps.Create(() => new Sink()));
        UdpOf(a).Tell(new Udp.Open(5000, Owner: owner), TestActor);
        var socket = Watch(ExpectMsg<Udp.Opened>().Socket);
        Sys.Stop(owner);
        ExpectTerminated(socket);
        AwaitAssert(() => Assert.Equal(0, Ask<Udp.Statistics>(UdpOf(a), Udp.GetStatistics.Instance).Sockets));
        Open(UdpOf(a), 5000);
    }

    [Fact]
    public void Datagram_to_a_closed_port_gets_icmp_port_unreachable_quoting_its_header_and_8_bytes()
    {
        var b = Host("b", TestFrames.HostB, AddressB);
        Ask<Udp.Statistics>(UdpOf(b), Udp.GetStatistics.Instance);
        using var prober = Network.Plug("prober");
        var frame = UdpFrame(TestFrames.HostB, Prober, AddressB, 40000, 9999, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        Assert.True(prober.TrySend(frame));
        var reply = NextIpv4(prober);
        Assert.True(Ipv4Packet.TryParse(reply, out var ip, out _));
        Assert.Equal((AddressB, Prober, IpProtocol.Icmp), (ip.Source, ip.Destination, ip.Protocol));
        Assert.True(Icmpv4Packet.TryParse(ip.Payload, out var icmp, out _));
        Assert.Equal((Icmpv4Type.DestinationUnreachable, (byte)3, ChecksumStatus.Good), (icmp.Type, icmp.Code, icmp.VerifyChecksum()));
        // RFC 792 / RFC 1122 3.2.2: the whole IP header of the datagram and its first 8 bytes (the UDP header).
        Assert.Equal(frame.AsSpan(14, 20 + 8).ToArray(), icmp.Data.ToArray());
        var statistics = Ask<Udp.Statistics>(UdpOf(b), Udp.GetStatistics.Instance);
        Assert.Equal((1L, 1L), (statistics.NoPorts, statistics.PortUnreachables));
    }

    [Fact]
    public void No_icmp_for_a_broadcast_datagram_and_bad_checksums_are_dropped_while_zero_checksums_are_taken()
    {
        var b = Host("b", TestFrames.HostB, AddressB);
        Open(UdpOf(b), 5000);
        using var prober = Network.Plug("prober");
        prober.TrySend(UdpFrame(MacAddress.Broadcast, Prober, new Ipv4Address(192, 0, 2, 255), 40000, 9999, [1]));
        prober.TrySend(UdpFrame(MacAddress.Broadcast, Prober, Ipv4Address.Broadcast, 40000, 9999, [1]));
        var corrupt = UdpFrame(TestFrames.HostB, Prober, AddressB, 40000, 5000, [1, 2, 3]);
        corrupt[14 + 20 + 8] ^= 0xFF;
        prober.TrySend(corrupt);
        var unchecked_ = UdpFrame(TestFrames.HostB, Prober, AddressB, 40000, 5000, [7, 7], zeroChecksum: true);
        prober.TrySend(unchecked_);
        var datagram = ExpectMsg<Udp.Datagram>(Wire);
        Assert.Equal(new byte[] { 7, 7 }, datagram.Data.Span.ToArray());
        var statistics = Ask<Udp.Statistics>(UdpOf(b), Udp.GetStatistics.Instance);
        Assert.Equal((2L, 1L, 0L, 1L), (statistics.NoPorts, statistics.InErrors, statistics.PortUnreachables, statistics.InDatagrams));
        AwaitIdle();
        Assert.DoesNotContain(Frames(prober), f => f.Length > 23 && f[12] == 0x08 && f[13] == 0x00 && f[23] == (byte)IpProtocol.Icmp);
    }

    [Fact]
    public async Task Udp_echo_answers_a_datagram_from_another_enet_host()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        var b = Host("b", TestFrames.HostB, AddressB, services: ["arp", "icmp", "udp-echo"]);
        AwaitAssert(() => Assert.Equal(1, Ask<Udp.Statistics>(UdpOf(b), Udp.GetStatistics.Instance).Sockets), Wire);
        await using var socket = await UdpSocket.OpenAsync(Sys, UdpOf(a));
        var data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 13)).ToArray();
        await socket.SendAsync(AddressB, UdpEcho.Port, data);
        var echo = await socket.ReceiveAsync(Wire);
        Assert.Equal(((InetAddress)AddressB, UdpEcho.Port), (echo.Address, echo.Port));
        Assert.Equal(data, echo.Data.Span.ToArray());
        var timeout = await Assert.ThrowsAsync<InetException>(() => socket.ReceiveAsync(TimeSpan.FromMilliseconds(50)));
        Assert.Equal(Posix.Timeout, timeout.Reason);
    }

    [Fact]
    public async Task Disposing_a_udp_socket_frees_its_port_and_later_calls_are_closed()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        var socket = await UdpSocket.OpenAsync(Sys, UdpOf(a), 5000);
        var taken = await Assert.ThrowsAsync<InetException>(() => UdpSocket.OpenAsync(Sys, UdpOf(a), 5000));
        Assert.Equal((Posix.Eaddrinuse, "eaddrinuse: address already in use"), (taken.Reason, taken.Message));
        await socket.DisposeAsync();
        Assert.Equal(Posix.Closed, (await Assert.ThrowsAsync<InetException>(() => socket.SendAsync(AddressB, 9, new byte[1]))).Reason);
        await using var again = await UdpSocket.OpenAsync(Sys, UdpOf(a), 5000);
        Assert.Equal(5000, again.LocalPort);
    }

    [Fact]
    public async Task Inet_functions_report_a_sockets_name_options_and_statistics()
    {
        var (a, b) = TwoHosts();
        await using var server = await UdpSocket.OpenAsync(Sys, UdpOf(a), 5000, [InetOption.RecBuf(4096)]);
        await using var client = await UdpSocket.OpenAsync(Sys, UdpOf(b), 0, [InetOption.Ip(AddressB)]);
        await client.SendAsync(AddressA, 5000, new byte[10]);
        await client.SendAsync(AddressA, 5000, new byte[20]);
        await server.ReceiveAsync(Wire);
        await server.ReceiveAsync(Wire);
        Assert.Equal("{ok,{recv_oct,30} {recv_cnt,2} {recv_max,20} {recv_avg,15} {recv_dvi,2} {send_oct,0} {send_cnt,0} {send_max,0} {send_avg,0} {send_pend,0}}",
            Show(await Inet.GetStatAsync(server.Socket)));
        Assert.Equal("{ok,{send_cnt,2} {send_avg,15}}", Show(await Inet.GetStatAsync(client.Socket, ["send_cnt", "send_avg"])));
        Assert.Equal(Posix.Einval, (await Inet.GetStatAsync(client.Socket, ["foo"])).Error);
        Assert.Equal(("0.0.0.0", (ushort)5000), ((await Inet.SockNameAsync(server.Socket)).Value.Address.ToString(), (await Inet.SockNameAsync(server.Socket)).Value.Port));
        Assert.Equal(((InetAddress)AddressB, client.LocalPort), (await Inet.SockNameAsync(client.Socket)).Value);
        Assert.Equal(Posix.Enotconn, (await Inet.PeerNameAsync(server.Socket)).Error);
        Assert.Equal(5000, (await Inet.PortAsync(server.Socket)).Value);
        // TCP-only options are left out for a UDP socket; a name inet does not know is einval.
        Assert.Equal("{active,false} {recbuf,4096} {broadcast,false} {read_packets,5} {mode,binary}",
            string.Join(' ', (await Inet.GetOptsAsync(server.Socket, "active", "nodelay", "recbuf", "broadcast", "read_packets", "mode", "send_timeout")).Value));
        Assert.Equal(Posix.Einval, (await Inet.GetOptsAsync(server.Socket, "active", "foo")).Error);
        Assert.Null(await Inet.SetOptsAsync(server.Socket, new InetOption("nodelay", true)));
        Assert.Equal(Posix.Einval, await Inet.SetOptsAsync(server.Socket, InetOption.ReadPackets(0)));
        Assert.Equal(Posix.Einval, await Inet.SetOptsAsync(server.Socket, new InetOption("foo", 1)));
        Assert.Equal(Posix.Einval, await Inet.SetOptsAsync(server.Socket, InetOption.RecBuf(8192), InetOption.ActiveN(40000)));
        Assert.Equal("{recbuf,4096}", string.Join(' ', (await Inet.GetOptsAsync(server.Socket, "recbuf")).Value));
    }

    [Fact]
    public async Task Getifaddrs_lists_the_hosts_own_interfaces_in_inets_order()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        var interfaces = await Inet.GetIfAddrsAsync(a);
        Assert.Equal("{\"a-eth0\",[{flags,[up,broadcast,running,multicast]},{addr,{192,0,2,1}},{netmask,{255,255,255,0}},{broadaddr,{192,0,2,255}},{hwaddr,[2,0,0,0,0,10]}]}",
            interfaces.Single().ToString());
        Assert.Equal("a", Inet.GetHostName(a));
    }

    [Fact]
    public async Task Udp_echo_without_the_ipv4_layer_is_refused_at_start()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Network.AddHostAsync("c", TestFrames.HostA, "192.0.2.3/24", services: ["arp", "udp-echo"]));
        Assert.Contains("udp-echo needs icmp", error.Message);
    }

    private static string Show<T>(InetResult<IReadOnlyList<T>> result) =>
        result.IsOk ? $"{{ok,{string.Join(' ', result.Value)}}}" : result.ToString();

    private static byte[] UdpFrame(MacAddress destinationMac, Ipv4Address from, Ipv4Address to, ushort sourcePort, ushort destinationPort,
        byte[] data, bool zeroChecksum = false)
    {
        var datagram = zeroChecksum ? new UdpDatagram(sourcePort, destinationPort, null, 0, data) : UdpDatagram.Create(sourcePort, destinationPort, data);
        var bytes = new byte[datagram.Length];
        datagram.Emit(bytes, InternetChecksum.PseudoHeader(from, to, IpProtocol.Udp, bytes.Length));
        return TestFrames.Ipv4(destinationMac, TestFrames.Stranger, Ipv4Header.Create(from, to, IpProtocol.Udp), bytes);
    }

    /// <summary>The next IPv4 packet the stack sends to the prober, answering its ARP requests on the way.</summary>
    private static byte[] NextIpv4(ILink prober)
    {
        using var timeout = new CancellationTokenSource(Wire);
        while (true)
        {
            byte[] bytes;
            using (var frame = prober.Received.ReadAsync(timeout.Token).AsTask().GetAwaiter().GetResult())
                bytes = frame.Span.ToArray();
            Assert.True(EthernetFrame.TryParse(bytes, out var ethernet, out _));
            if (ethernet.EtherType == EtherType.Ipv4)
                return ethernet.Payload.ToArray();
            if (ArpMessage.TryDecode(ethernet.Payload, out var arp, out _) && arp.Operation == ArpOperation.Request && arp.TargetProtocolAddress == Prober)
                prober.TrySend(TestFrames.Arp(arp.SenderHardwareAddress,
                    ArpMessage.Reply(TestFrames.Stranger, Prober, arp.SenderHardwareAddress, arp.SenderProtocolAddress)));
        }
    }

    private static List<byte[]> Frames(ILink link)
    {
        var frames = new List<byte[]>();
        while (link.Received.TryRead(out var frame))
            using (frame)
                frames.Add(frame.Span.ToArray());
        return frames;
    }

    private sealed class Sink : ReceiveActor
    {
        public Sink() => ReceiveAny(_ => { });
    }

}
