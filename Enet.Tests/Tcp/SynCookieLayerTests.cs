using System.Collections.Immutable;
using System.Security.Cryptography;
using Akka.Actor;
using Enet.Actors.GenTcp;
using Enet.Actors.Hosting;
using Enet.Actors.Tcp;
using Enet.Codecs;
using Enet.Tap;
using Enet.TestKit;
using Enet.Tests.Actors;
using Xunit;

namespace Enet.Tests.Tcp;

using Tcp = Akka.IO.Tcp;

/// <summary>RFC 4987 3.6 on the in-memory wire: a silent prober fills tcp-echo's SYN backlog with half-open
/// connections (its address never answers ARP), after which SYNs get cookies and an Enet client still connects through
/// one and echoes its data (Akka.IO's face and gen_tcp's); an ACK no cookie of ours began is dropped and counted, not
/// reset.</summary>
public sealed class SynCookieLayerTests : NetworkTestKit
{
    private static readonly Ipv4Address AddressA = new(192, 0, 2, 1);
    private static readonly Ipv4Address AddressB = new(192, 0, 2, 2);
    private static readonly Ipv4Address Prober = new(192, 0, 2, 99);
    private static readonly TimeSpan Wire = TimeSpan.FromSeconds(10);
    private const ushort EchoPort = 7;

    private readonly ILink prober;

    public SynCookieLayerTests() => prober = Network.Plug("prober");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        prober.Dispose();
    }

    private RunningHost Host(string name, MacAddress mac, Ipv4Address address, TcpSettings tcp, IReadOnlyList<string> services) =>
        Network.AddHostAsync(name, mac, $"{address}/24", services: services, configure: s => s with { Tcp = tcp }).GetAwaiter().GetResult();

    private static IActorRef TcpOf(RunningHost host) => host.Interfaces.Values.Single().Tcp!;

    private EnetTcp.Statistics Stats(RunningHost host)
    {
        TcpOf(host).Tell(EnetTcp.GetStatistics.Instance, TestActor);
        return ExpectMsg<EnetTcp.Statistics>(Wire);
    }

    private void Send(ushort sourcePort, uint seq, uint ack, TcpFlags flags)
    {
        var segment = new TcpSegment(sourcePort, EchoPort, seq, ack, flags, 8192, null, 0,
            flags == TcpFlags.Syn ? [new TcpOption.MaxSegmentSize(1460)] : ImmutableArray<TcpOption>.Empty, Bytes.Empty);
        var bytes = new byte[segment.Length];
        segment.Emit(bytes, InternetChecksum.PseudoHeader(Prober, AddressB, IpProtocol.Tcp, bytes.Length));
        Assert.True(prober.TrySend(TestFrames.Ipv4(TestFrames.HostB, TestFrames.Stranger, Ipv4Header.Create(Prober, AddressB, IpProtocol.Tcp), bytes)));
    }

    /// <summary>SYNs from the silent prober until tcp-echo's backlog is full and one has drawn a cookie.</summary>
    private void FillBacklog(RunningHost server)
    {
        for (var i = 0; i < TcpListener.SynBacklog; i++)
            Send((ushort)(30000 + i), 1000, 0, TcpFlags.Syn);
        AwaitCondition(() => Stats(server).PassiveOpens == TcpListener.SynBacklog, Wire);
        Send(31000, 1000, 0, TcpFlags.Syn);
        AwaitCondition(() => Stats(server).SynCookiesSent == 1, Wire);
    }

    private BulkExchange.Outcome Echo(RunningHost client, byte[] payload)
    {
        var outcome = new TaskCompletionSource<BulkExchange.Outcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        Sys.ActorOf(BulkExchange.Props(TcpOf(client), AddressB, EchoPort, payload, outcome));
        return outcome.Task.WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void With_the_backlog_full_a_client_connects_through_a_cookie_and_echoes_its_data(bool timestamps)
    {
        var tcp = TcpSettings.Default with { Timestamps = timestamps };
        var server = Host("b", TestFrames.HostB, AddressB, tcp, ["arp", "icmp", "tcp-echo"]);
        var client = Host("a", TestFrames.HostA, AddressA, tcp, ["arp", "icmp"]);
        FillBacklog(server);
        var payload = RandomNumberGenerator.GetBytes(1 << 20);
        var result = Echo(client, payload);
        Assert.Null(result.ConnectFailed);
        Assert.Equal(payload.Length, result.Received);
        Assert.Equal(SHA256.HashData(payload), result.ReceivedSha256);
        var stats = Stats(server);
        // The client's SYN drew the second cookie; its ACK (and maybe the data close behind it) brought it back.
        Assert.Equal(2, stats.SynCookiesSent);
        Assert.Equal(1, stats.SynCookiesAccepted);
        Assert.Equal((0, TcpListener.SynBacklog + 1), (stats.SynCookiesRejected, stats.PassiveOpens));
    }

    [Fact]
    public void Syn_cookies_off_leave_a_client_unanswered_while_the_backlog_is_full()
    {
        var tcp = TcpSettings.Default with { SynCookies = SynCookieMode.Off };
        var server = Host("b", TestFrames.HostB, AddressB, tcp, ["arp", "icmp", "tcp-echo"]);
        var client = Host("a", TestFrames.HostA, AddressA, tcp, ["arp", "icmp"]);
        for (var i = 0; i < TcpListener.SynBacklog; i++)
            Send((ushort)(30000 + i), 1000, 0, TcpFlags.Syn);
        AwaitCondition(() => Stats(server).PassiveOpens == TcpListener.SynBacklog, Wire);
        TcpOf(client).Tell(Io.Connect(AddressB, EchoPort, timeout: TimeSpan.FromSeconds(2)), TestActor);
        var failed = ExpectMsg<Tcp.CommandFailed>(Wire);
        Assert.Equal(TcpError.Etimedout, failed.Reason());
        Assert.Equal(0, Stats(server).SynCookiesSent);
    }

    [Fact]
    public void Always_answers_every_syn_with_a_cookie_and_keeps_no_half_open_connection()
    {
        var tcp = TcpSettings.Default with { SynCookies = SynCookieMode.Always };
        var server = Host("b", TestFrames.HostB, AddressB, tcp, ["arp", "icmp", "tcp-echo"]);
        var client = Host("a", TestFrames.HostA, AddressA, tcp, ["arp", "icmp"]);
        for (var i = 0; i < 10; i++)
            Send((ushort)(30000 + i), 1000, 0, TcpFlags.Syn);
        AwaitCondition(() => Stats(server).SynCookiesSent == 10, Wire);
        Assert.Equal(0, Stats(server).Connections);
        var payload = RandomNumberGenerator.GetBytes(100_000);
        var result = Echo(client, payload);
        Assert.Equal(SHA256.HashData(payload), result.ReceivedSha256);
        Assert.Equal(11, Stats(server).SynCookiesSent);
    }

    [Fact]
    public async Task A_gen_tcp_listen_socket_accepts_a_connection_made_from_a_cookie()
    {
        var tcp = TcpSettings.Default with { SynCookies = SynCookieMode.Always };
        var server = Host("b", TestFrames.HostB, AddressB, tcp, ["arp", "icmp"]);
        var client = Host("a", TestFrames.HostA, AddressA, tcp, ["arp", "icmp"]);
        await using var listen = await TcpSocket.ListenAsync(Sys, TcpOf(server), 8000);
        var accepting = listen.AcceptAsync(Wire);
        await using var connected = await TcpSocket.ConnectAsync(Sys, TcpOf(client), AddressB, 8000, timeout: Wire);
        await using var accepted = await accepting;
        await connected.SendAsync("through a cookie"u8.ToArray());
        Assert.Equal("through a cookie"u8.ToArray(), (await accepted.RecvAsync(16, Wire)).Span.ToArray());
        await accepted.SendAsync("and back"u8.ToArray());
        Assert.Equal("and back"u8.ToArray(), (await connected.RecvAsync(8, Wire)).Span.ToArray());
        Assert.Equal((1, 1), (Stats(server).SynCookiesSent, Stats(server).SynCookiesAccepted));
    }

    [Fact]
    public void While_cookies_are_out_a_forged_ack_is_dropped_and_counted_and_makes_no_connection()
    {
        var server = Host("b", TestFrames.HostB, AddressB, TcpSettings.Default, ["arp", "icmp", "tcp-echo"]);
        FillBacklog(server);
        for (var i = 0; i < 20; i++)
            Send((ushort)(32000 + i), 1001, (uint)(12345 + i * 7919), TcpFlags.Ack);
        AwaitCondition(() => Stats(server).SynCookiesRejected == 20, Wire);
        var stats = Stats(server);
        Assert.Equal((0, TcpListener.SynBacklog, 0), (stats.SynCookiesAccepted, stats.PassiveOpens, stats.OutRsts));
    }
}
