using Akka.TestKit;
using System.Security.Cryptography;
using Enet.Actors.Hosting;
using Enet.Actors.Interface;
using Enet.Actors.Ip;
using Enet.Actors.Tcp;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;
using Enet.TestKit;
using Enet.Tests.Actors;
using Xunit;

namespace Enet.Tests.Tcp;

using Tcp = Akka.IO.Tcp;

/// <summary>RFC 9293 connections between two Enet hosts on an in-memory wire, timers on virtual time.</summary>
public sealed class TcpConnectionTests : NetworkTestKit
{
    private static readonly Ipv4Address AddressA = new(192, 0, 2, 1);
    private static readonly Ipv4Address AddressB = new(192, 0, 2, 2);
    private static readonly TimeSpan Wire = TimeSpan.FromSeconds(5);

    public TcpConnectionTests() : base(useVirtualTime: true)
    {
    }

    private RunningHost Host(string name, MacAddress mac, Ipv4Address address, FaultProfile? faults = null, int seed = 1,
        TcpSettings? tcp = null, IReadOnlyList<string>? services = null, IReadOnlyList<Ipv4StaticRoute>? routes = null) =>
        Network.AddHostAsync(name, mac, $"{address}/24", services: services, sendFaults: faults, seed: seed,
            configure: s => s with { Tcp = tcp ?? TcpSettings.Default, Routes = routes ?? [] }).GetAwaiter().GetResult();

    private static IActorRef TcpOf(RunningHost host) => host.Interfaces.Values.Single().Tcp!;

    /// <summary>`ip link set up|down` on the host's interface, done when this returns.</summary>
    private static void SetUp(RunningHost host, bool up)
    {
        var iface = host.Interfaces.Values.Single().Interface;
        iface.Tell(new Eth.SetAdminState(up));
        Assert.Equal(up, iface.Ask<Eth.Info>(Eth.GetInfo.Instance, TimeSpan.FromSeconds(5)).GetAwaiter().GetResult().IsUp);
    }

    private sealed record Pair(IActorRef Client, TestProbe ClientProbe, IActorRef Server, TestProbe ServerProbe, IActorRef Listener);

    private IActorRef Bind(RunningHost host, ushort port, TestProbe handler, TcpOptions? options = null)
    {
        TcpOf(host).Tell(Io.Bind(handler.Ref, port, options: options), handler.Ref);
        handler.ExpectMsg<Tcp.Bound>(Wire);
        return handler.LastSender;
    }

    /// <summary>B connects to a listener on A; both sides registered (the server's keeping its half open if asked).</summary>
    private Pair Connect(RunningHost a, RunningHost b, ushort port = 7000, bool serverKeepsOpen = false, TcpOptions? clientOptions = null,
        TcpOptions? serverOptions = null, bool lossy = false)
    {
        var serverProbe = CreateTestProbe();
        var clientProbe = CreateTestProbe();
        var listener = Bind(a, port, serverProbe, serverOptions);
        TcpOf(b).Tell(Io.Connect(AddressA, port, options: clientOptions), clientProbe.Ref);
        // On a lossy wire a lost ARP or SYN is resent only as virtual time moves.
        var connected = TcpEndPoints.Id(lossy ? ExpectAdvancing<Tcp.Connected>(clientProbe) : clientProbe.ExpectMsg<Tcp.Connected>(Wire));
        Assert.Equal((AddressA, port, AddressB), (connected.RemoteAddress, connected.RemotePort, connected.LocalAddress));
        var client = clientProbe.LastSender;
        var accepted = TcpEndPoints.Id(lossy ? ExpectAdvancing<Tcp.Connected>(serverProbe) : serverProbe.ExpectMsg<Tcp.Connected>(Wire));
        Assert.Equal((AddressB, connected.LocalPort, AddressA, port),
            (accepted.RemoteAddress, accepted.RemotePort, accepted.LocalAddress, accepted.LocalPort));
        var server = serverProbe.LastSender;
        client.Tell(new Tcp.Register(clientProbe.Ref), clientProbe.Ref);
        server.Tell(new Tcp.Register(serverProbe.Ref, serverKeepsOpen), serverProbe.Ref);
        return new Pair(client, clientProbe, server, serverProbe, listener);
    }

    private T ExpectAdvancing<T>(TestProbe probe)
    {
        for (var i = 0; i < 1000; i++)
        {
            if (probe.ReceiveOne(TimeSpan.FromMilliseconds(10)) is { } message)
                return Assert.IsType<T>(message);
            Advance(TimeSpan.FromMilliseconds(100));
        }
        throw new TimeoutException($"no {typeof(T).Name}");
    }

    private EnetTcp.ConnectionInfo Info(IActorRef connection)
    {
        var probe = CreateTestProbe();
        probe.Send(connection, EnetTcp.GetConnectionInfo.Instance);
        return probe.ExpectMsg<EnetTcp.ConnectionInfo>(Wire);
    }

    private EnetTcp.Statistics Stats(RunningHost host)
    {
        var probe = CreateTestProbe();
        probe.Send(TcpOf(host), EnetTcp.GetStatistics.Instance);
        return probe.ExpectMsg<EnetTcp.Statistics>(Wire);
    }

    /// <summary>Waits for <paramref name="condition"/>, moving virtual time on by a delayed-ACK timeout per look, so ACKs
    /// held for a second segment go out.</summary>
    private void AwaitWithTime(Func<bool> condition, TimeSpan? step = null) =>
        AwaitCondition(() =>
        {
            if (condition())
                return true;
            Advance(step ?? TcpSettings.Default.DelayedAckTimeout);
            return false;
        }, Wire);

    private static string Text(Tcp.Received received) => System.Text.Encoding.ASCII.GetString(received.Data.ToReadOnlySpan());

    private static Tcp.Write Write(string text, object? ack = null) => Io.Write(System.Text.Encoding.ASCII.GetBytes(text), ack);

    private static string ReceiveText(TestProbe probe, int length)
    {
        var text = "";
        while (text.Length < length)
            text += Text(probe.ExpectMsg<Tcp.Received>(Wire));
        return text;
    }

    [Fact]
    public void Tcp_info_shows_the_state_the_congestion_control_and_what_the_handshake_negotiated()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        var b = Host("b", TestFrames.HostB, AddressB, tcp: TcpSettings.Default with { Sack = false, CongestionControl = CongestionAlgorithm.NewReno });
        var p = Connect(a, b);
        var server = Call<TcpInfo>(p.Server, EnetTcp.GetTcpInfo.Instance);
        var client = Call<TcpInfo>(p.Client, EnetTcp.GetTcpInfo.Instance);
        // RFC 2018 2: SACK is used only when both SYNs carried SACK-permitted; b's did not.
        Assert.Equal((TcpState.Established, "cubic", false), (server.State, server.CongestionControl, server.Sack));
        Assert.Equal((TcpState.Established, "newreno", false), (client.State, client.CongestionControl, client.Sack));
        Assert.True(client.CongestionWindow > 0);
    }

    private T Call<T>(IActorRef connection, object query)
    {
        var probe = CreateTestProbe();
        probe.Send(connection, query);
        return probe.ExpectMsg<T>(Wire);
    }

    [Fact]
    public void Three_way_handshake_connects_both_sides_and_data_flows_both_ways()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        var b = Host("b", TestFrames.HostB, AddressB);
        var p = Connect(a, b);
        Assert.Equal(TcpState.Established, Info(p.Client).State);
        Assert.Equal(TcpState.Established, Info(p.Server).State);
        p.Client.Tell(Write("hello", "sent"), p.ClientProbe.Ref);
        p.ClientProbe.ExpectMsg(new Io.Ack("sent"), Wire);
        Assert.Equal("hello", ReceiveText(p.ServerProbe, 5));
        p.Server.Tell(Write("world"), p.ServerProbe.Ref);
        Assert.Equal("world", ReceiveText(p.ClientProbe, 5));
        // RFC 9293 3.7.1: each side offered MTU 1500 - 40; RFC 6691: the data in a segment is that less the 12 bytes
        // of the timestamps option both sides negotiated (RFC 7323 3.2).
        Assert.Equal(1460 - 12, Info(p.Client).SendMss);
        var stats = Stats(a);
        Assert.Equal((1, 1, 1), (stats.PassiveOpens, stats.CurrEstab, stats.Connections));
        Assert.Equal(1, Stats(b).ActiveOpens);
    }

    [Fact]
    public void A_route_with_a_smaller_mtu_makes_both_sides_offer_and_send_smaller_segments()
    {
        // B reaches A by a host route of MTU 1000 (RFC 1191's table entry, `ip route add ... mtu 1000`): B's SYN offers
        // 1000 - 40 (RFC 9293 3.7.1), and neither side sends a segment the route would have to fragment. The data in one
        // is 12 bytes less, the timestamps option's (RFC 6691).
        var a = Host("a", TestFrames.HostA, AddressA);
        var b = Host("b", TestFrames.HostB, AddressB, routes: [new Ipv4StaticRoute(new Ipv4Cidr(AddressA, 32), AddressA) { Mtu = 1000 }]);
        var p = Connect(a, b);
        Assert.Equal((948, 948), (Info(p.Client).SendMss, Info(p.Server).SendMss));
        p.Client.Tell(Io.Write(new Bytes(new byte[3000])), p.ClientProbe.Ref);
        var pieces = new List<int>();
        // Nagle holds the 120-byte tail until an ACK, which the receiver may delay: time moves on while waiting.
        while (pieces.Sum() < 3000)
            pieces.Add(ExpectAdvancing<Tcp.Received>(p.ServerProbe).Data.Count);
        Assert.All(pieces, length => Assert.InRange(length, 1, 948));
    }

    [Fact]
    public void Data_sent_before_register_waits_for_the_handler()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        var b = Host("b", TestFrames.HostB, AddressB);
        var serverProbe = CreateTestProbe();
        var clientProbe = CreateTestProbe();
        Bind(a, 7000, serverProbe);
        TcpOf(b).Tell(Io.Connect(AddressA, 7000), clientProbe.Ref);
        clientProbe.ExpectMsg<Tcp.Connected>(Wire);
        clientProbe.LastSender.Tell(Write("early"), clientProbe.Ref);
        serverProbe.ExpectMsg<Tcp.Connected>(Wire);
        var server = serverProbe.LastSender;
        AwaitCondition(() => Info(server).RcvWnd == TcpSettings.Default.ReceiveBuffer - 5, Wire);
        ExpectNoMsgWhenIdle(serverProbe);
        server.Tell(new Tcp.Register(serverProbe.Ref), serverProbe.Ref);
        Assert.Equal("early", ReceiveText(serverProbe, 5));
    }

    [Fact]
    public void A_segment_for_a_port_nobody_holds_is_reset_and_the_connect_fails_with_econnrefused()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        var b = Host("b", TestFrames.HostB, AddressB);
        var connect = Io.Connect(AddressA, 9);
        TcpOf(b).Tell(connect, TestActor);
        var failed = ExpectMsg<Tcp.CommandFailed>(Wire);
        Assert.Equal((connect, TcpError.Econnrefused), (failed.Cmd, failed.Reason()));
        Assert.Equal(1, Stats(a).OutRsts);
        Assert.Equal(1, Stats(b).AttemptFails);
    }

    [Fact]
    public void Bind_to_a_port_with_a_listener_is_eaddrinuse_and_unbind_frees_it()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        var listener = Bind(a, 7000, CreateTestProbe());
        var bind = Io.Bind(TestActor, 7000);
        TcpOf(a).Tell(bind, TestActor);
        Assert.Equal(TcpError.Eaddrinuse, ExpectMsg<Tcp.CommandFailed>(Wire).Reason());
        listener.Tell(Tcp.Unbind.Instance, TestActor);
        ExpectMsg<Tcp.Unbound>(Wire);
        AwaitAssert(() =>
        {
            TcpOf(a).Tell(bind, TestActor);
            ExpectMsg<Tcp.Bound>(TimeSpan.FromMilliseconds(200));
        }, Wire);
    }

    [Fact]
    public void Active_close_goes_through_fin_wait_and_time_wait_which_ends_after_2_msl()
    {
        // A slow wire (each host's frames 150 ms late) makes every state last long enough to be seen.
        var slow = new FaultProfile { Delay = TimeSpan.FromMilliseconds(150) };
        var a = Host("a", TestFrames.HostA, AddressA, slow);
        var b = Host("b", TestFrames.HostB, AddressB, slow);
        var p = Connect(a, b, serverKeepsOpen: true);
        p.Client.Tell(Tcp.Close.Instance, p.ClientProbe.Ref);
        Assert.Equal(TcpState.FinWait1, Info(p.Client).State);
        // RFC 9293 3.6: the peer's ACK of our FIN; a Close is done then.
        p.ClientProbe.ExpectMsg<Tcp.Closed>(Wire);
        Assert.Equal(TcpState.FinWait2, Info(p.Client).State);
        p.ServerProbe.ExpectMsg<Tcp.PeerClosed>(Wire);
        Assert.Equal(TcpState.CloseWait, Info(p.Server).State);
        // Half-close: the server still writes after the client's FIN.
        p.Server.Tell(Write("after fin"), p.ServerProbe.Ref);
        Assert.Equal("after fin", ReceiveText(p.ClientProbe, 9));
        Watch(p.Server);
        p.Server.Tell(Tcp.ConfirmedClose.Instance, p.ServerProbe.Ref);
        Assert.Equal(TcpState.LastAck, Info(p.Server).State);
        p.ServerProbe.ExpectMsg<Tcp.ConfirmedClosed>(Wire);
        ExpectTerminated(p.Server, Wire);
        AwaitCondition(() => Info(p.Client).State == TcpState.TimeWait, Wire);
        var watcher = CreateTestProbe();
        watcher.Watch(p.Client);
        Advance(2 * TcpSettings.Default.MaximumSegmentLifetime - TimeSpan.FromMilliseconds(1));
        Assert.Equal(TcpState.TimeWait, Info(p.Client).State);
        // The exact 2 MSL is the core's rule, scripted in TcpCoreOpenCloseTests; here the actor stops once it is over.
        Assert.Equal(p.Client, ExpectAdvancing<Terminated>(watcher).ActorRef);
        AwaitCondition(() => Stats(b).Connections == 0 && Stats(a).Connections == 0, Wire);
    }

    [Fact]
    public void Peer_close_without_keep_open_closes_our_side_too()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        var b = Host("b", TestFrames.HostB, AddressB);
        var p = Connect(a, b);
        Watch(p.Server);
        p.Client.Tell(Tcp.ConfirmedClose.Instance, p.ClientProbe.Ref);
        p.ServerProbe.ExpectMsg<Tcp.PeerClosed>(Wire);
        ExpectTerminated(p.Server, Wire);
        p.ClientProbe.ExpectMsg<Tcp.ConfirmedClosed>(Wire);
        Assert.Equal(TcpState.TimeWait, Info(p.Client).State);
        p.Client.Tell(Write("late"), p.ClientProbe.Ref);
        Assert.Equal(TcpError.Closed, p.ClientProbe.ExpectMsg<Tcp.CommandFailed>(Wire).Reason());
    }

    [Fact]
    public void Simultaneous_close_passes_through_closing_to_time_wait_on_both_sides()
    {
        var slow = new FaultProfile { Delay = TimeSpan.FromSeconds(1) };
        var a = Host("a", TestFrames.HostA, AddressA, slow);
        var b = Host("b", TestFrames.HostB, AddressB, slow);
        var p = Connect(a, b, serverKeepsOpen: true);
        p.Client.Tell(Tcp.ConfirmedClose.Instance, p.ClientProbe.Ref);
        p.Server.Tell(Tcp.ConfirmedClose.Instance, p.ServerProbe.Ref);
        // RFC 9293 3.6 figure 13: each FIN arrives in FIN-WAIT-1 (after 1 s), each ACK of it 1 s later: both sides are
        // in CLOSING for a second, wide enough to see under load (a fixed 450 ms look once came too late).
        AwaitAssert(() => Assert.Equal((TcpState.Closing, TcpState.Closing), (Info(p.Client).State, Info(p.Server).State)),
            TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(50));
        p.ClientProbe.ExpectMsg<Tcp.ConfirmedClosed>(Wire);
        p.ServerProbe.ExpectMsg<Tcp.ConfirmedClosed>(Wire);
        Assert.Equal(TcpState.TimeWait, Info(p.Client).State);
        Assert.Equal(TcpState.TimeWait, Info(p.Server).State);
    }

    [Fact]
    public void Simultaneous_open_connects_both_sides_through_syn_received()
    {
        var slow = new FaultProfile { Delay = TimeSpan.FromMilliseconds(300) };
        var a = Host("a", TestFrames.HostA, AddressA, slow);
        var b = Host("b", TestFrames.HostB, AddressB, slow);
        // Learn each other's MAC first, so both SYNs leave at once and cross on the wire.
        TcpOf(a).Tell(Io.Connect(AddressB, 9), TestActor);
        TcpOf(b).Tell(Io.Connect(AddressA, 9), TestActor);
        ExpectMsg<Tcp.CommandFailed>(Wire);
        ExpectMsg<Tcp.CommandFailed>(Wire);
        var probeA = CreateTestProbe();
        var probeB = CreateTestProbe();
        TcpOf(a).Tell(Io.Connect(AddressB, 6001, localPort: 6000), probeA.Ref);
        TcpOf(b).Tell(Io.Connect(AddressA, 6000, localPort: 6001), probeB.Ref);
        var connectedA = TcpEndPoints.Id(probeA.ExpectMsg<Tcp.Connected>(Wire));
        var connectedB = TcpEndPoints.Id(probeB.ExpectMsg<Tcp.Connected>(Wire));
        Assert.Equal((6001, 6000), (connectedA.RemotePort, connectedA.LocalPort));
        Assert.Equal((6000, 6001), (connectedB.RemotePort, connectedB.LocalPort));
        var sideA = probeA.LastSender;
        var sideB = probeB.LastSender;
        sideA.Tell(new Tcp.Register(probeA.Ref), probeA.Ref);
        sideB.Tell(new Tcp.Register(probeB.Ref), probeB.Ref);
        sideA.Tell(Write("ping"), probeA.Ref);
        Assert.Equal("ping", ReceiveText(probeB, 4));
        // Neither side was passive: no listener, no RST.
        Assert.Equal((0, 0), (Stats(a).PassiveOpens, Stats(b).PassiveOpens));
        Assert.Equal((0, 0), (Stats(a).EstabResets, Stats(b).EstabResets));
    }

    [Fact]
    public void Abort_resets_the_peer_which_sees_econnreset()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        var b = Host("b", TestFrames.HostB, AddressB);
        var p = Connect(a, b);
        p.Client.Tell(Tcp.Abort.Instance, p.ClientProbe.Ref);
        p.ClientProbe.ExpectMsg<Tcp.Aborted>(Wire);
        Assert.Equal(TcpError.Econnreset, p.ServerProbe.ExpectMsg<Tcp.ErrorClosed>(Wire).Reason());
        Assert.Equal(1, Stats(a).EstabResets);
    }

    [Fact]
    public void Tcp_echo_service_sends_back_what_it_receives_on_port_7()
    {
        var a = Host("a", TestFrames.HostA, AddressA, services: ["arp", "icmp", "tcp-echo"]);
        var b = Host("b", TestFrames.HostB, AddressB);
        var client = CreateTestProbe();
        // The service binds as it starts; until then port 7 is refused.
        AwaitAssert(() =>
        {
            TcpOf(b).Tell(Io.Connect(AddressA, TcpEcho.Port), client.Ref);
            client.ExpectMsg<Tcp.Connected>(Wire);
        }, Wire);
        var connection = client.LastSender;
        connection.Tell(new Tcp.Register(client.Ref), client.Ref);
        connection.Tell(Write("echo me"), client.Ref);
        Assert.Equal("echo me", ReceiveText(client, 7));
        connection.Tell(Tcp.ConfirmedClose.Instance, client.Ref);
        client.ExpectMsg<Tcp.ConfirmedClosed>(Wire);
        Assert.Equal(1, Stats(a).PassiveOpens);
    }

    [Fact]
    public void Bulk_transfer_over_a_wire_with_loss_reordering_duplication_and_corruption_arrives_intact_both_ways()
    {
        var faults = new FaultProfile { Loss = 0.02, Reordering = 0.05, Duplication = 0.02, Corruption = 0.01 };
        var tcp = TcpSettings.Default with { MinimumRto = TimeSpan.FromMilliseconds(200) };
        var a = Host("a", TestFrames.HostA, AddressA, faults, seed: 7, tcp: tcp);
        var b = Host("b", TestFrames.HostB, AddressB, faults, seed: 11, tcp: tcp);
        var p = Connect(a, b);
        var upload = RandomNumberGenerator.GetBytes(1 << 20);
        var download = RandomNumberGenerator.GetBytes(1 << 20);
        var (atServer, atClient) = Transfer(p, upload, download);
        Assert.Equal(SHA256.HashData(upload), atServer);
        Assert.Equal(SHA256.HashData(download), atClient);
        Assert.True(Stats(b).RetransSegs > 0, "the loss made the client retransmit");
    }

    /// <summary>Issue 8's integrity test: 50 MB each way at once over a wire that loses 10% of the frames in each
    /// direction and reorders, duplicates and corrupts others; SHA-256 equal both ways, in bounded wall time. On virtual
    /// time, RTO floor 20 ms of it, so the wall clock is spent moving data, not waiting.</summary>
    [Fact]
    public void Fifty_megabytes_each_way_at_once_over_a_wire_losing_10_percent_reordering_duplicating_and_corrupting_arrive_intact()
    {
        var faults = new FaultProfile { Loss = 0.10, Reordering = 0.05, Duplication = 0.02, Corruption = 0.01 };
        var tcp = TcpSettings.Default with
        {
            MinimumRto = TimeSpan.FromMilliseconds(20), InitialRto = TimeSpan.FromMilliseconds(20), MaxRetransmissions = 15,
            ReceiveBuffer = 1 << 20, SendBuffer = 1 << 20, MaxOutOfOrderSegments = 1024,
        };
        var a = Host("a", TestFrames.HostA, AddressA, faults, seed: 5, tcp: tcp);
        var b = Host("b", TestFrames.HostB, AddressB, faults, seed: 9, tcp: tcp);
        var p = Connect(a, b, lossy: true);
        const int size = 50_000_000;
        var upload = new byte[size];
        var download = new byte[size];
        new Random(1).NextBytes(upload);
        new Random(2).NextBytes(download);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (atServer, atClient) = Transfer(p, upload, download, chunk: 256 * 1024, step: TimeSpan.FromMilliseconds(20),
            quiet: TimeSpan.FromMilliseconds(1), maxQuietRounds: 200_000);
        var elapsed = clock.Elapsed;
        Assert.Equal(SHA256.HashData(upload), atServer);
        Assert.Equal(SHA256.HashData(download), atClient);
        var (statsA, statsB) = (Stats(a), Stats(b));
        var (client, server) = (Info(p.Client), Info(p.Server));
        Console.WriteLine($"TCPBULK {size} bytes each way: {elapsed.TotalSeconds:F1} s, retransmitted {statsB.RetransSegs} + {statsA.RetransSegs}, " +
            $"fast retransmits {client.FastRetransmits} + {server.FastRetransmits}, checksum errors {statsA.InErrs} + {statsB.InErrs}");
        // Corrupted segments were caught by the TCP checksum and counted (RFC 9293 3.1), not delivered: the hashes say so.
        Assert.True(statsA.InErrs > 0 && statsB.InErrs > 0, $"checksum errors {statsA.InErrs} + {statsB.InErrs}");
        // 7-14 s on a shared 2-core machine; the bound leaves room for a slower one.
        Assert.True(elapsed < TimeSpan.FromSeconds(90), $"took {elapsed}");
    }

    /// <summary>Writes both directions at once, chunk by chunk (the next after the previous one's ack; a refused one
    /// again after WritingResumed). Both connections report to one probe, so a single wait sees all progress; only when
    /// nothing arrived for <paramref name="quiet"/> (both directions wait on a timer: an RTO, a delayed ACK, a persist
    /// probe) does virtual time move on, by <paramref name="step"/>.</summary>
    private (byte[] AtServer, byte[] AtClient) Transfer(Pair p, byte[] upload, byte[] download, int chunk = 16 * 1024,
        TimeSpan? step = null, TimeSpan? quiet = null, int maxQuietRounds = 20_000)
    {
        var probe = CreateTestProbe();
        p.Client.Tell(new Tcp.Register(probe.Ref), probe.Ref);
        p.Server.Tell(new Tcp.Register(probe.Ref), probe.Ref);
        using var up = new Direction(p.Client, upload, chunk);
        using var down = new Direction(p.Server, download, chunk);
        up.WriteNext(probe.Ref);
        down.WriteNext(probe.Ref);
        var quietRounds = 0;
        while (up.Received < upload.Length || down.Received < download.Length)
        {
            if (probe.ReceiveOne(quiet ?? TimeSpan.FromMilliseconds(2)) is not { } message)
            {
                Assert.True(++quietRounds <= maxQuietRounds, $"{up.Received} and {down.Received} bytes arrived in {maxQuietRounds} quiet rounds");
                Advance(step ?? TimeSpan.FromMilliseconds(100));
                continue;
            }
            var fromClient = probe.LastSender.Equals(p.Client);
            switch (message)
            {
                case Tcp.Received r:
                    // What the server receives is the upload.
                    (fromClient ? down : up).Arrived(r.Data.ToReadOnlySpan());
                    break;
                case Io.Ack { Token: Direction written }:
                    written.Acknowledged();
                    written.WriteNext(probe.Ref);
                    break;
                case Tcp.CommandFailed failed when failed.Reason() == TcpError.Enobufs:
                    // The send buffer is full: the same chunk goes again once WritingResumed says there is room.
                    probe.LastSender.Tell(Tcp.ResumeWriting.Instance, probe.Ref);
                    break;
                case Tcp.WritingResumed:
                    (fromClient ? up : down).WriteNext(probe.Ref);
                    break;
                default:
                    throw new InvalidOperationException($"unexpected {message}");
            }
        }
        Console.WriteLine($"TRANSFER {quietRounds} quiet rounds");
        return (up.Hash(), down.Hash());
    }

    /// <summary>One direction of <see cref="Transfer"/>: the data the writer's connection sends, and its hash as it
    /// arrives at the other end. It is its own write ack.</summary>
    private sealed class Direction(IActorRef writer, byte[] data, int chunk) : IDisposable
    {
        private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private int written, pending;

        public int Received { get; private set; }

        public void WriteNext(IActorRef probe)
        {
            if (written == data.Length)
                return;
            pending = Math.Min(chunk, data.Length - written);
            writer.Tell(Io.Write(new Bytes(data.AsMemory(written, pending)), this), probe);
        }

        public void Acknowledged() => written += pending;

        public void Arrived(ReadOnlySpan<byte> bytes)
        {
            hash.AppendData(bytes);
            Received += bytes.Length;
            Assert.True(Received <= data.Length, $"{Received} bytes arrived of {data.Length}");
        }

        public byte[] Hash() => hash.GetHashAndReset();

        public void Dispose() => hash.Dispose();
    }

    [Fact]
    public void Suspended_reading_holds_data_and_closes_the_window_until_resumed()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        var b = Host("b", TestFrames.HostB, AddressB);
        var p = Connect(a, b);
        p.Server.Tell(Tcp.SuspendReading.Instance, p.ServerProbe.Ref);
        p.Client.Tell(Write("held"), p.ClientProbe.Ref);
        AwaitCondition(() => Info(p.Server).RcvWnd == TcpSettings.Default.ReceiveBuffer - 4, Wire);
        ExpectNoMsgWhenIdle(p.ServerProbe);
        p.Server.Tell(Tcp.ResumeReading.Instance, p.ServerProbe.Ref);
        Assert.Equal("held", ReceiveText(p.ServerProbe, 4));
        Assert.Equal(TcpSettings.Default.ReceiveBuffer, Info(p.Server).RcvWnd);
    }

    [Fact]
    public void A_write_larger_than_the_free_buffer_waits_and_the_next_fails_until_resume_writing_answers_writing_resumed()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        var b = Host("b", TestFrames.HostB, AddressB);
        var p = Connect(a, b, clientOptions: new TcpOptions { SendBuffer = 8 });
        // Akka.IO takes a write while none waits; 8 bytes go in now, the ninth when the peer's ACK frees room (the
        // server's interface is down until the refusals are seen, so no ACK can come first).
        SetUp(a, false);
        p.Client.Tell(Write("123456789", "big"), p.ClientProbe.Ref);
        // It would fit after the first, but a write while one waits fails, and with useResumeWriting so does the next.
        var small = Write("1");
        p.Client.Tell(small, p.ClientProbe.Ref);
        Assert.Equal(small, p.ClientProbe.ExpectMsg<Tcp.CommandFailed>(Wire).Cmd);
        var refused = Write("2");
        p.Client.Tell(refused, p.ClientProbe.Ref);
        Assert.Equal(refused, p.ClientProbe.ExpectMsg<Tcp.CommandFailed>(Wire).Cmd);
        SetUp(a, true);
        p.Client.Tell(Tcp.ResumeWriting.Instance, p.ClientProbe.Ref);
        Assert.Equal(new Io.Ack("big"), ExpectAdvancing<Io.Ack>(p.ClientProbe));
        p.ClientProbe.ExpectMsg<Tcp.WritingResumed>(Wire);
        p.Client.Tell(Write("12345678", "in"), p.ClientProbe.Ref);
        Assert.Equal(new Io.Ack("in"), ExpectAdvancing<Io.Ack>(p.ClientProbe));
        // The short tail may wait for the peer's delayed ACK (Nagle), so virtual time moves while it is read.
        var text = "";
        while (text.Length < 17)
            text += Text(ExpectAdvancing<Tcp.Received>(p.ServerProbe));
        Assert.Equal("12345678912345678", text);
    }

    [Fact]
    public void Set_options_applies_live_a_larger_receive_buffer_opens_the_window_and_a_smaller_one_is_einval()
    {
        var tcp = TcpSettings.Default with { ReceiveBuffer = 65535 };
        var a = Host("a", TestFrames.HostA, AddressA, tcp: tcp);
        var b = Host("b", TestFrames.HostB, AddressB, tcp: tcp);
        var p = Connect(a, b);
        var options = new TcpOptions { NoDelay = true, KeepAlive = true, SendBuffer = 4096 };
        p.Client.Tell(new EnetTcp.SetOptions(options, "set"), p.ClientProbe.Ref);
        p.ClientProbe.ExpectMsg("set", Wire);
        Assert.Equal(options with { ReceiveBuffer = tcp.ReceiveBuffer }, Info(p.Client).Options);
        // The resized send buffer takes 4096 bytes: a write of 4097 waits for room, and the one behind it fails. The
        // server's interface is down meanwhile, so no ACK can free room between the two writes (segments now reach the
        // peer and its ACK comes back without an actor hop, fast enough to beat the second Tell on a loaded machine).
        SetUp(a, false);
        p.Client.Tell(Io.Write(new byte[4097], "w"), p.ClientProbe.Ref);
        p.Client.Tell(Io.Write(new byte[1]), p.ClientProbe.Ref);
        Assert.Equal(TcpError.Enobufs, p.ClientProbe.ExpectMsg<Tcp.CommandFailed>(Wire).Reason());
        SetUp(a, true);
        p.Client.Tell(Tcp.ResumeWriting.Instance, p.ClientProbe.Ref);
        Assert.Equal(new Io.Ack("w"), ExpectAdvancing<Io.Ack>(p.ClientProbe));
        p.ClientProbe.ExpectMsg<Tcp.WritingResumed>(Wire);
        for (var received = 0; received < 4097;)
            received += ExpectAdvancing<Tcp.Received>(p.ServerProbe).Data.Count;
        var shrink = new EnetTcp.SetOptions(new TcpOptions { ReceiveBuffer = 1000 });
        p.Server.Tell(shrink, p.ServerProbe.Ref);
        var failed = p.ServerProbe.ExpectMsg<Tcp.CommandFailed>(Wire);
        Assert.Equal((shrink, TcpError.Einval), (failed.Cmd, failed.Reason()));
        Assert.Equal(tcp.ReceiveBuffer, Info(p.Server).Options.ReceiveBuffer);
        // Held data closes the window with 1000 bytes still unsent; a larger buffer opens it and they flow.
        var start = Info(p.Server).RcvNxt;
        p.Server.Tell(Tcp.SuspendReading.Instance, p.ServerProbe.Ref);
        p.Client.Tell(new EnetTcp.SetOptions(options with { SendBuffer = 100_000 }), p.ClientProbe.Ref);
        p.Client.Tell(Io.Write(new byte[tcp.ReceiveBuffer + 1000]), p.ClientProbe.Ref);
        // The window closes once less than a segment is free (the receiver's silly window avoidance, RFC 1122
        // 4.2.3.3), so at most an MSS short of the buffer.
        AwaitWithTime(() => Info(p.Server) is { RcvWnd: 0 } info && info.RcvNxt - start > tcp.ReceiveBuffer - 1460);
        p.Server.Tell(new EnetTcp.SetOptions(new TcpOptions { ReceiveBuffer = tcp.ReceiveBuffer + 3000 }), p.ServerProbe.Ref);
        AwaitWithTime(() => Info(p.Server).RcvNxt - start == tcp.ReceiveBuffer + 1000);
    }

    [Fact]
    public void Congestion_window_grows_in_slow_start_and_fast_retransmit_on_loss_sets_ssthresh()
    {
        var a = Host("a", TestFrames.HostA, AddressA);
        var b = Host("b", TestFrames.HostB, AddressB);
        var p = Connect(a, b);
        var initial = Info(p.Client).CongestionWindow;
        // RFC 5681 3.1: IW for an SMSS of 1448 (1460 less the timestamps option, RFC 6691) is 3 segments.
        Assert.Equal(3 * 1448, initial);
        p.Client.Tell(Io.Write(new byte[200_000]), p.ClientProbe.Ref);
        var received = 0;
        AwaitWithTime(() =>
        {
            while (p.ServerProbe.ReceiveOne(TimeSpan.FromMilliseconds(10)) is Tcp.Received r)
                received += r.Data.Count;
            return received == 200_000;
        });
        var grown = Info(p.Client);
        // No loss: slow start all the way, one MSS per ACK; the receiver ACKs every second segment.
        Assert.True(grown.CongestionWindow > 20 * 1460, $"cwnd {grown.CongestionWindow}");
        Assert.Equal((1 << 30, 0), (grown.SlowStartThreshold, grown.FastRetransmits));

        var lossy = new FaultProfile { Loss = 0.03 };
        var tcp = TcpSettings.Default with { MinimumRto = TimeSpan.FromMilliseconds(200) };
        var c = Host("c", MacAddress.Parse("02:00:00:00:00:0c"), new Ipv4Address(192, 0, 2, 3), lossy, seed: 3, tcp: tcp);
        var d = Host("d", MacAddress.Parse("02:00:00:00:00:0d"), new Ipv4Address(192, 0, 2, 4), tcp: tcp);
        var q = ConnectTo(d, c, new Ipv4Address(192, 0, 2, 4));
        var data = RandomNumberGenerator.GetBytes(1 << 20);
        var (atServer, _) = Transfer(q, data, []);
        Assert.Equal(SHA256.HashData(data), atServer);
        var after = Info(q.Client);
        // RFC 5681 3.2: three duplicate ACKs retransmitted a lost segment without waiting for the RTO, and ssthresh
        // came down from "arbitrarily high" to half a flight.
        Assert.True(after.FastRetransmits > 0, "fast retransmits");
        Assert.True(after.SlowStartThreshold < 1 << 20, $"ssthresh {after.SlowStartThreshold}");
    }

    /// <summary>Like <see cref="Connect"/>, for hosts other than a and b.</summary>
    private Pair ConnectTo(RunningHost server, RunningHost client, Ipv4Address serverAddress, TcpOptions? clientOptions = null)
    {
        var serverProbe = CreateTestProbe();
        var clientProbe = CreateTestProbe();
        var listener = Bind(server, 7100, serverProbe);
        TcpOf(client).Tell(Io.Connect(serverAddress, 7100, options: clientOptions), clientProbe.Ref);
        clientProbe.ExpectMsg<Tcp.Connected>(Wire);
        var connection = clientProbe.LastSender;
        serverProbe.ExpectMsg<Tcp.Connected>(Wire);
        var accepted = serverProbe.LastSender;
        connection.Tell(new Tcp.Register(clientProbe.Ref), clientProbe.Ref);
        accepted.Tell(new Tcp.Register(serverProbe.Ref), serverProbe.Ref);
        return new Pair(connection, clientProbe, accepted, serverProbe, listener);
    }

    [Fact]
    public void A_bulk_transfer_ending_in_a_partial_segment_needs_no_timer()
    {
        // TcpBulk's shape: 4 MiB in 64 KiB writes, default settings. 4 MiB is 2872 full segments and 1184 bytes: Nagle
        // (RFC 896) must not hold that tail behind a last full segment whose ACK the receiver delays (RFC 1122 4.2.3.2),
        // or the transfer ends 200 ms late. Without loss nothing here waits on a timer, so virtual time need not move.
        var a = Host("a", TestFrames.HostA, AddressA);
        var b = Host("b", TestFrames.HostB, AddressB);
        var p = Connect(a, b);
        var data = new byte[4 << 20];
        new Random(3).NextBytes(data);
        var start = Sys.Scheduler.Now;
        var (atServer, _) = Transfer(p, data, [], chunk: 64 * 1024, step: TimeSpan.FromMilliseconds(1));
        Assert.Equal(SHA256.HashData(data), atServer);
        // Each quiet look moves time 1 ms; some come from a busy machine (0-8 here), 200 in a row are the delayed ACK.
        Assert.InRange(Sys.Scheduler.Now - start, TimeSpan.Zero, TimeSpan.FromMilliseconds(150));
    }

    [Fact]
    public void Window_scale_is_negotiated_when_both_syns_offer_it_and_lets_the_window_exceed_64_kib()
    {
        var big = new TcpOptions { ReceiveBuffer = 1 << 20, SendBuffer = 1 << 20 };
        var a = Host("a", TestFrames.HostA, AddressA);
        var b = Host("b", TestFrames.HostB, AddressB);
        var p = Connect(a, b, clientOptions: big, serverOptions: big);
        // RFC 7323 2.3: 2^20 needs a shift of 5 to fit 16 bits.
        Assert.Equal((5, 5), (Info(p.Server).ReceiveWindowShift, Info(p.Client).SendWindowShift));
        var start = Info(p.Server).RcvNxt;
        p.Server.Tell(Tcp.SuspendReading.Instance, p.ServerProbe.Ref);
        p.Client.Tell(Io.Write(new byte[600_000]), p.ClientProbe.Ref);
        // More than 64 KiB in flight to a reader that takes nothing: only a scaled window allows that.
        AwaitWithTime(() => Info(p.Server).RcvNxt - start == 600_000);
        // The window is the free space, less what the last segments took since the edge last moved (under one MSS,
        // RFC 9293 3.8.6.2.2), or up to 2^5 - 1 more when the field was rounded up to keep the edge (RFC 7323 2.4).
        Assert.InRange(Info(p.Server).RcvWnd, (1 << 20) - 600_000 - 1460, (1 << 20) - 600_000 + (1 << 5) - 1);
    }

    [Fact]
    public void Without_the_peers_window_scale_option_neither_side_scales()
    {
        var big = new TcpOptions { ReceiveBuffer = 1 << 20, SendBuffer = 1 << 20 };
        var a = Host("a", TestFrames.HostA, AddressA, tcp: TcpSettings.Default with { WindowScaling = false });
        var b = Host("b", TestFrames.HostB, AddressB);
        var p = Connect(a, b, clientOptions: big, serverOptions: big);
        var (server, client) = (Info(p.Server), Info(p.Client));
        Assert.Equal((0, 0, 0, 0), (server.ReceiveWindowShift, server.SendWindowShift, client.ReceiveWindowShift, client.SendWindowShift));
        Assert.True(client.RcvWnd <= ushort.MaxValue && server.RcvWnd <= ushort.MaxValue);
    }
}
