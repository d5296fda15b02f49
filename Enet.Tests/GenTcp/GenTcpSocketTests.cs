using Akka.TestKit;
using Enet.Actors;
using System.Text;
using Enet.Actors.GenTcp;
using Enet.Actors.Hosting;
using Enet.Actors.Inet;
using Enet.Actors.Tcp;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;
using Enet.TestKit;
using Enet.Tests.Actors;
using Enet.Tests.Tcp;
using Xunit;

namespace Enet.Tests.GenTcp;

using GenTcp = Enet.Actors.GenTcp.GenTcp;
using Inet = Enet.Actors.Inet.Inet;
using TcpIo = Akka.IO.Tcp;

/// <summary>gen_tcp semantics (gen_tcp(3), inet(3), the behaviour probed on OTP 25) between two Enet hosts on an
/// in-memory wire: a listen socket on A, a client socket on B, each owned by a probe.</summary>
public sealed class GenTcpSocketTests : NetworkTestKit
{
    private static readonly Ipv4Address AddressA = new(192, 0, 2, 1);
    private static readonly Ipv4Address AddressB = new(192, 0, 2, 2);
    private static readonly TimeSpan Wire = TimeSpan.FromSeconds(5);

    private RunningHost Host(string name, MacAddress mac, Ipv4Address address, TcpSettings? tcp = null) =>
        Network.AddHostAsync(name, mac, $"{address}/24", configure: tcp is null ? null : s => s with { Tcp = tcp }).GetAwaiter().GetResult();

    private static IActorRef TcpOf(RunningHost host) => host.Interfaces.Values.Single().Tcp!;

    private sealed record Pair(IActorRef Client, TestProbe ClientOwner, IActorRef Server, TestProbe ServerOwner, IActorRef Listen);

    private (RunningHost A, RunningHost B) TwoHosts(TcpSettings? tcp = null) =>
        (Host("a", TestFrames.HostA, AddressA, tcp), Host("b", TestFrames.HostB, AddressB, tcp));

    private GenTcp.Listening Listen(RunningHost host, ushort port, IActorRef owner, params InetOption[] options)
    {
        GenTcp.Listen(Sys, TcpOf(host), port, options, owner, TestActor);
        return ExpectMsg<GenTcp.Listening>(Wire);
    }

    private GenTcp.Connected Connect(RunningHost host, ushort port, IActorRef owner, params InetOption[] options)
    {
        GenTcp.Connect(TcpOf(host), AddressA, port, options, Wire, owner, TestActor);
        return ExpectMsg<GenTcp.Connected>(Wire);
    }

    /// <summary>A listens on 7000 (with <paramref name="server"/> options, inherited by the accepted socket), B connects.</summary>
    private Pair Sockets(InetOption[]? server = null, InetOption[]? client = null)
    {
        var (a, b) = TwoHosts();
        return Sockets(a, b, server, client);
    }

    private Pair Sockets(RunningHost a, RunningHost b, InetOption[]? server = null, InetOption[]? client = null) =>
        Sockets(a, b, Listen(a, 7000, TestActor, server ?? []), client);

    private Pair Sockets(RunningHost a, RunningHost b, GenTcp.Listening listen, InetOption[]? client = null)
    {
        var serverOwner = CreateTestProbe();
        var clientOwner = CreateTestProbe();
        var connected = Connect(b, 7000, clientOwner.Ref, client ?? []);
        Assert.Equal((AddressB, AddressA, (ushort)7000), (connected.LocalAddress, connected.RemoteAddress, connected.RemotePort));
        listen.Socket.Tell(new GenTcp.Accept(Wire, serverOwner.Ref), TestActor);
        var accepted = ExpectMsg<GenTcp.Accepted>(Wire);
        Assert.Equal((AddressB, connected.LocalPort), (accepted.RemoteAddress, accepted.RemotePort));
        return new Pair(connected.Socket, clientOwner, accepted.Socket, serverOwner, listen.Socket);
    }

    private T Call<T>(IActorRef socket, object command, TimeSpan? timeout = null)
    {
        socket.Tell(command, TestActor);
        return ExpectMsg<T>(timeout ?? Wire);
    }

    private void Send(IActorRef socket, string text) => Assert.IsType<GenTcp.Ok>(Call<object>(socket, new GenTcp.Send(Encoding.ASCII.GetBytes(text))));

    private string Recv(IActorRef socket, int length = 0) => Encoding.ASCII.GetString(Call<GenTcp.Received>(socket, new GenTcp.Recv(length, Wire)).Data.Span);

    private Posix RecvFails(IActorRef socket, int length = 0, TimeSpan? timeout = null) =>
        Call<GenTcp.Error>(socket, new GenTcp.Recv(length, timeout ?? Wire)).Reason;

    private void SetOpts(IActorRef socket, params InetOption[] options) => Call<Enet.Actors.Udp.Udp.Ok>(socket, new Enet.Actors.Udp.Udp.SetOpts(options));

    private static string Text(GenTcp.Data data) => Encoding.ASCII.GetString(data.Packet.Span);

    private static string ReceiveText(TestProbe owner, int length)
    {
        var text = "";
        while (text.Length < length)
            text += Text(owner.ExpectMsg<GenTcp.Data>(Wire));
        return text;
    }

    [Fact]
    public void Active_socket_sends_its_owner_tcp_messages_and_tcp_closed_after_the_peer_closes()
    {
        var p = Sockets();
        Send(p.Client, "hello");
        var data = p.ServerOwner.ExpectMsg<GenTcp.Data>(Wire);
        Assert.Equal(("hello", p.Server), (Text(data), data.Socket));
        Send(p.Server, "world");
        Assert.Equal("world", ReceiveText(p.ClientOwner, 5));
        Assert.IsType<GenTcp.Ok>(Call<object>(p.Client, GenTcp.Close.Instance));
        Assert.Equal(p.Server, p.ServerOwner.ExpectMsg<GenTcp.TcpClosed>(Wire).Socket);
    }

    [Fact]
    public void Passive_recv_takes_what_is_there_or_exactly_length_bytes_and_times_out_when_nothing_comes()
    {
        var p = Sockets(server: [InetOption.Active(false)]);
        Send(p.Client, "abc");
        Assert.Equal("abc", Recv(p.Server));
        Send(p.Client, "defg");
        Assert.Equal("de", Recv(p.Server, 2));
        Assert.Equal("fg", Recv(p.Server, 2));
        Assert.Equal(Posix.Timeout, RecvFails(p.Server, 0, TimeSpan.FromMilliseconds(100)));
        ExpectNoMsgWhenIdle(p.ServerOwner);
    }

    [Fact]
    public void Recv_is_einval_on_an_active_socket_and_with_a_length_in_a_packet_mode()
    {
        var p = Sockets(server: [GenTcpOption.Packet(PacketType.Two)]);
        Assert.Equal(Posix.Einval, RecvFails(p.Server));
        SetOpts(p.Server, InetOption.Active(false));
        Assert.Equal(Posix.Einval, RecvFails(p.Server, 5));
    }

    [Fact]
    public void Active_once_delivers_exactly_one_message_then_the_socket_is_passive_until_rearmed()
    {
        var p = Sockets(server: [InetOption.ActiveOnce]);
        Send(p.Client, "one");
        Assert.Equal("one", Text(p.ServerOwner.ExpectMsg<GenTcp.Data>(Wire)));
        Send(p.Client, "two");
        ExpectNoMsgWhenIdle(p.ServerOwner);
        Assert.Equal(ActiveMode.False, Call<Enet.Actors.Udp.Udp.Opts>(p.Server, new Enet.Actors.Udp.Udp.GetOpts(["active"])).Options[0].Value);
        SetOpts(p.Server, InetOption.ActiveOnce);
        Assert.Equal("two", Text(p.ServerOwner.ExpectMsg<GenTcp.Data>(Wire)));
    }

    [Fact]
    public void Active_n_counts_delivered_messages_and_sends_tcp_passive_at_zero()
    {
        var p = Sockets(server: [InetOption.ActiveN(2)]);
        Send(p.Client, "a");
        Assert.Equal("a", Text(p.ServerOwner.ExpectMsg<GenTcp.Data>(Wire)));
        Send(p.Client, "b");
        Assert.Equal("b", Text(p.ServerOwner.ExpectMsg<GenTcp.Data>(Wire)));
        Assert.Equal(p.Server, p.ServerOwner.ExpectMsg<GenTcp.TcpPassive>(Wire).Socket);
        Send(p.Client, "c");
        ExpectNoMsgWhenIdle(p.ServerOwner);
        Assert.Equal("c", Recv(p.Server));
    }

    [Fact]
    public void Setting_active_n_to_zero_or_below_sends_tcp_passive_even_on_a_passive_socket()
    {
        var p = Sockets(server: [InetOption.ActiveN(1)]);
        SetOpts(p.Server, InetOption.ActiveN(-10));
        p.ServerOwner.ExpectMsg<GenTcp.TcpPassive>(Wire);
        SetOpts(p.Server, InetOption.ActiveN(0));
        p.ServerOwner.ExpectMsg<GenTcp.TcpPassive>(Wire);
    }

    [Fact]
    public void Packet_4_frames_each_send_whole_across_segments_including_empty_packets()
    {
        var p = Sockets(server: [GenTcpOption.Packet(PacketType.Four)], client: [GenTcpOption.Packet(PacketType.Four)]);
        var big = new string('x', 5000);
        Send(p.Client, "hello");
        Send(p.Client, "");
        Send(p.Client, big);
        Assert.Equal("hello", Text(p.ServerOwner.ExpectMsg<GenTcp.Data>(Wire)));
        Assert.Equal("", Text(p.ServerOwner.ExpectMsg<GenTcp.Data>(Wire)));
        Assert.Equal(big, Text(p.ServerOwner.ExpectMsg<GenTcp.Data>(Wire)));
    }

    [Fact]
    public void Line_mode_delivers_one_message_per_line_and_never_an_unterminated_tail()
    {
        var p = Sockets(server: [GenTcpOption.Packet(PacketType.Line), InetOption.Active(false)]);
        Send(p.Client, "GET / HTTP/1.1\r\nHost: x\r\npartial");
        Assert.Equal("GET / HTTP/1.1\r\n", Recv(p.Server));
        Assert.Equal("Host: x\r\n", Recv(p.Server));
        Assert.IsType<GenTcp.Ok>(Call<object>(p.Client, GenTcp.Close.Instance));
        Assert.Equal(Posix.Closed, RecvFails(p.Server));
    }

    [Fact]
    public void A_send_the_packet_header_cannot_describe_is_emsgsize_and_a_header_beyond_packet_size_is_emsgsize_on_recv()
    {
        var p = Sockets(server: [GenTcpOption.Packet(PacketType.Two), GenTcpOption.PacketSize(10), InetOption.Active(false)],
            client: [GenTcpOption.Packet(PacketType.One)]);
        Assert.Equal(Posix.Emsgsize, Call<GenTcp.Error>(p.Client, new GenTcp.Send(new byte[256])).Reason);
        SetOpts(p.Client, GenTcpOption.Packet(PacketType.Raw));
        Send(p.Client, "\0\u000bxxxxxxxxxxx");
        Assert.Equal(Posix.Emsgsize, RecvFails(p.Server));
    }

    [Fact]
    public void Data_and_close_that_came_while_passive_are_delivered_in_order_once_the_socket_turns_active()
    {
        var p = Sockets(server: [InetOption.Active(false)]);
        Send(p.Client, "bye");
        Assert.IsType<GenTcp.Ok>(Call<object>(p.Client, GenTcp.Close.Instance));
        ExpectNoMsgWhenIdle(p.ServerOwner);
        SetOpts(p.Server, InetOption.Active(true));
        Assert.Equal("bye", Text(p.ServerOwner.ExpectMsg<GenTcp.Data>(Wire)));
        p.ServerOwner.ExpectMsg<GenTcp.TcpClosed>(Wire);
    }

    [Fact]
    public void A_raw_recv_short_of_its_length_when_the_peer_closes_is_closed_and_the_next_is_enotconn()
    {
        var p = Sockets(server: [InetOption.Active(false)]);
        Send(p.Client, "ab");
        Assert.IsType<GenTcp.Ok>(Call<object>(p.Client, GenTcp.Close.Instance));
        Assert.Equal(Posix.Closed, RecvFails(p.Server, 5));
        Assert.Equal(Posix.Enotconn, RecvFails(p.Server, 5));
    }

    [Fact]
    public void After_the_peers_shutdown_write_recv_is_closed_and_send_is_closed_by_default()
    {
        var p = Sockets(server: [InetOption.Active(false)]);
        Assert.IsType<GenTcp.Ok>(Call<object>(p.Client, new GenTcp.Shutdown(ShutdownHow.Write)));
        Assert.Equal(Posix.Closed, RecvFails(p.Server));
        Assert.Equal(Posix.Closed, Call<GenTcp.Error>(p.Server, new GenTcp.Send(new byte[1])).Reason);
    }

    [Fact]
    public void With_exit_on_close_false_a_socket_sends_on_after_the_peers_shutdown_write_and_the_peer_reads_it()
    {
        var q = Sockets(server: [InetOption.Active(false), GenTcpOption.ExitOnClose(false)]);
        Assert.IsType<GenTcp.Ok>(Call<object>(q.Client, new GenTcp.Shutdown(ShutdownHow.Write)));
        Assert.Equal(Posix.Closed, RecvFails(q.Server));
        // shutdown(write) is a half-close: the client still reads what the server sends after it.
        Send(q.Server, "still here");
        Assert.Equal("still here", ReceiveText(q.ClientOwner, 10));
        Assert.IsType<GenTcp.Ok>(Call<object>(q.Server, GenTcp.Close.Instance));
        q.ClientOwner.ExpectMsg<GenTcp.TcpClosed>(Wire);
    }

    [Fact]
    public void Sends_after_shutdown_write_are_closed()
    {
        var p = Sockets();
        Assert.IsType<GenTcp.Ok>(Call<object>(p.Client, new GenTcp.Shutdown(ShutdownHow.Write)));
        Assert.Equal(Posix.Closed, Call<GenTcp.Error>(p.Client, new GenTcp.Send(new byte[1])).Reason);
        p.ServerOwner.ExpectMsg<GenTcp.TcpClosed>(Wire);
    }

    [Fact]
    public void Only_the_owner_may_give_the_socket_away_and_the_new_owner_gets_its_messages()
    {
        var p = Sockets();
        var other = CreateTestProbe();
        other.Send(p.Server, new GenTcp.ControllingProcess(other.Ref));
        Assert.Equal(Posix.NotOwner, other.ExpectMsg<GenTcp.Error>(Wire).Reason);
        Assert.Equal("not_owner", Inet.Atom(Posix.NotOwner));
        p.ServerOwner.Send(p.Server, new GenTcp.ControllingProcess(other.Ref));
        p.ServerOwner.ExpectMsg<GenTcp.Ok>(Wire);
        Send(p.Client, "to the new owner");
        Assert.Equal("to the new owner", ReceiveText(other, 16));
        ExpectNoMsgWhenIdle(p.ServerOwner);
    }

    [Fact]
    public void The_owners_death_closes_the_socket()
    {
        var p = Sockets();
        Sys.Stop(p.ServerOwner.Ref);
        p.ClientOwner.ExpectMsg<GenTcp.TcpClosed>(Wire);
    }

    [Fact]
    public async Task High_watermark_makes_the_sender_busy_and_nothing_is_buffered_without_bound()
    {
        // The server does not read: its recbuf fills, its window closes, the client's send buffer fills, then the
        // client socket's queue reaches the high watermark and sends wait.
        var p = Sockets(server: [InetOption.Active(false), InetOption.RecBuf(2048)],
            client: [InetOption.SndBuf(4096), GenTcpOption.HighWatermark(4096), GenTcpOption.LowWatermark(2048)]);
        var sender = CreateTestProbe();
        const int Sends = 64, Size = 1024;
        for (var i = 0; i < Sends; i++)
            sender.Send(p.Client, new GenTcp.Send(new byte[Size]));
        sender.ExpectMsg<GenTcp.Ok>(Wire);
        var answered = 1;
        // Once idle, every send that will be answered before the server reads has been.
        AwaitIdle();
        while (answered < Sends && sender.HasMessages && sender.ReceiveOne(TimeSpan.Zero) is GenTcp.Ok)
            answered++;
        Assert.True(answered is >= 4 and <= 40, $"{answered} sends answered");
        var stat = await Inet.GetStatAsync(p.Client, ["send_pend"]);
        // Busy (senders wait) means the queue has not yet drained below the low watermark; and it never grows past the
        // high watermark by more than the send that crossed it.
        Assert.InRange(stat.Value[0].Value, 2048, 4096 + Size);
        var received = 0;
        while (received < Sends * Size)
            received += Call<GenTcp.Received>(p.Server, new GenTcp.Recv(0, Wire)).Data.Length;
        for (; answered < Sends; answered++)
            sender.ExpectMsg<GenTcp.Ok>(Wire);
        Assert.Equal(Sends * Size, received);
    }

    [Fact]
    public void Send_timeout_fails_a_blocked_send_and_with_send_timeout_close_later_sends_are_enotconn()
    {
        var p = Sockets(server: [InetOption.Active(false), InetOption.RecBuf(1024)],
            client: [InetOption.SndBuf(2048), GenTcpOption.HighWatermark(1024), GenTcpOption.SendTimeout(TimeSpan.FromMilliseconds(200)),
                GenTcpOption.SendTimeoutClose(true)]);
        var sender = CreateTestProbe();
        Posix? reason = null;
        for (var i = 0; i < 64 && reason is null; i++)
        {
            sender.Send(p.Client, new GenTcp.Send(new byte[1024]));
            if (sender.ExpectMsg<object>(Wire) is GenTcp.Error error)
                reason = error.Reason;
        }
        Assert.Equal(Posix.Timeout, reason);
        Assert.Equal(Posix.Enotconn, Call<GenTcp.Error>(p.Client, new GenTcp.Send(new byte[1])).Reason);
    }

    [Fact]
    public void A_passive_socket_that_is_not_read_closes_the_window_at_recbuf()
    {
        var (a, b) = TwoHosts();
        var listen = Listen(a, 7000, TestActor, InetOption.Active(false), InetOption.RecBuf(4096));
        var client = CreateTestProbe();
        TcpOf(b).Tell(Io.Connect(AddressA, 7000), client.Ref);
        client.ExpectMsg<TcpIo.Connected>(Wire);
        var connection = client.LastSender;
        connection.Tell(new TcpIo.Register(client.Ref), client.Ref);
        var server = Call<GenTcp.Accepted>(listen.Socket, new GenTcp.Accept(Wire));
        for (var i = 0; i < 16; i++)
            connection.Tell(Io.Write(new byte[4096]), client.Ref);
        AwaitAssert(() =>
        {
            client.Send(connection, EnetTcp.GetConnectionInfo.Instance);
            Assert.Equal(0, client.ExpectMsg<EnetTcp.ConnectionInfo>(Wire).SndWnd);
        }, Wire, TimeSpan.FromMilliseconds(100));
        // Reading opens it again and everything arrives.
        var received = 0;
        while (received < 16 * 4096)
            received += Call<GenTcp.Received>(server.Socket, new GenTcp.Recv(0, Wire)).Data.Length;
        Assert.Equal(16 * 4096, received);
    }

    [Fact]
    public async Task Getstat_counts_packets_and_octets_headers_included()
    {
        var p = Sockets(server: [GenTcpOption.Packet(PacketType.Two), InetOption.Active(false)], client: [GenTcpOption.Packet(PacketType.Two)]);
        Send(p.Client, "hello");
        Send(p.Client, "");
        Assert.Equal("hello", Recv(p.Server));
        Assert.Equal("", Recv(p.Server));
        Assert.Equal("{ok,{recv_oct,9} {recv_cnt,2} {recv_max,7}}",
            Show(await Inet.GetStatAsync(p.Server, ["recv_oct", "recv_cnt", "recv_max"])));
        Assert.Equal("{ok,{send_oct,9} {send_cnt,2} {send_max,7} {send_pend,0}}",
            Show(await Inet.GetStatAsync(p.Client, ["send_oct", "send_cnt", "send_max", "send_pend"])));
    }

    private static string Show(InetResult<IReadOnlyList<InetStatValue>> result) =>
        result.IsOk ? $"{{ok,{string.Join(' ', result.Value.Select(v => $"{{{Inet.Atom(v.Stat)},{v.Value}}}"))}}}" : result.ToString();

    [Fact]
    public void Header_option_gives_the_first_bytes_apart()
    {
        var p = Sockets(server: [GenTcpOption.Header(2)]);
        Send(p.Client, "HIrest");
        var data = p.ServerOwner.ExpectMsg<GenTcp.Data>(Wire);
        Assert.Equal(("HI", "rest"), (Encoding.ASCII.GetString(data.Header.Span), Text(data)));
    }

    [Fact]
    public async Task Accepted_sockets_inherit_the_listen_sockets_options_and_inet_names_work()
    {
        var p = Sockets(server: [GenTcpOption.Packet(PacketType.Four), GenTcpOption.NoDelay(true), InetOption.Active(false)]);
        var opts = Call<Enet.Actors.Udp.Udp.Opts>(p.Server, new Enet.Actors.Udp.Udp.GetOpts(["packet", "nodelay", "active", "exit_on_close"])).Options;
        Assert.Equal(["{packet,4}", "{nodelay,true}", "{active,false}", "{exit_on_close,true}"], opts.Select(o => o.ToString()));
        var peer = (await Inet.PeerNameAsync(p.Server)).Value;
        Assert.Equal((InetAddress)AddressB, peer.Address);
        Assert.Equal((ushort)7000, (await Inet.PortAsync(p.Server)).Value);
        Assert.Equal(Posix.Enotconn, (await Inet.PeerNameAsync(p.Listen)).Error);
    }

    [Fact]
    public void Linger_zero_resets_and_the_peer_with_show_econnreset_hears_econnreset_then_closed()
    {
        var p = Sockets(server: [GenTcpOption.ShowEconnreset(true)], client: [GenTcpOption.Linger(true, 0)]);
        Send(p.Client, "x");
        Assert.Equal("x", ReceiveText(p.ServerOwner, 1));
        Assert.IsType<GenTcp.Ok>(Call<object>(p.Client, GenTcp.Close.Instance));
        Assert.Equal(Posix.Econnreset, p.ServerOwner.ExpectMsg<GenTcp.TcpError>(Wire).Reason);
        p.ServerOwner.ExpectMsg<GenTcp.TcpClosed>(Wire);
    }

    [Fact]
    public void Without_show_econnreset_a_reset_looks_like_a_close()
    {
        var p = Sockets(client: [GenTcpOption.Linger(true, 0)]);
        Assert.IsType<GenTcp.Ok>(Call<object>(p.Client, GenTcp.Close.Instance));
        p.ServerOwner.ExpectMsg<GenTcp.TcpClosed>(Wire);
        ExpectNoMsgWhenIdle(p.ServerOwner);
    }

    [Fact]
    public void Connect_to_a_port_nobody_listens_on_is_econnrefused_and_listen_on_a_taken_port_is_eaddrinuse()
    {
        var (a, b) = TwoHosts();
        GenTcp.Connect(TcpOf(b), AddressA, 9, [], Wire, TestActor, TestActor);
        Assert.Equal(Posix.Econnrefused, ExpectMsg<GenTcp.Error>(Wire).Reason);
        Listen(a, 7000, TestActor);
        GenTcp.Listen(Sys, TcpOf(a), 7000, [], TestActor, TestActor);
        Assert.Equal(Posix.Eaddrinuse, ExpectMsg<GenTcp.Error>(Wire).Reason);
        GenTcp.Listen(Sys, TcpOf(a), 7001, [new InetOption("packet", 3)], TestActor, TestActor);
        Assert.Equal(Posix.Einval, ExpectMsg<GenTcp.Error>(Wire).Reason);
    }

    [Fact]
    public void Accept_times_out_when_nobody_connects_and_a_closed_listen_socket_fails_waiting_accepts()
    {
        var (a, _) = TwoHosts();
        var listen = Listen(a, 7000, TestActor);
        Assert.Equal(Posix.Timeout, Call<GenTcp.Error>(listen.Socket, new GenTcp.Accept(TimeSpan.FromMilliseconds(100))).Reason);
        var waiter = CreateTestProbe();
        waiter.Send(listen.Socket, new GenTcp.Accept());
        Assert.IsType<GenTcp.Ok>(Call<object>(listen.Socket, GenTcp.Close.Instance));
        Assert.Equal(Posix.Closed, waiter.ExpectMsg<GenTcp.Error>(Wire).Reason);
    }

    [Fact]
    public void Data_sent_before_accept_waits_in_the_connection_and_comes_to_the_accepted_socket()
    {
        var (a, b) = TwoHosts();
        var listen = Listen(a, 7000, TestActor, InetOption.Active(false));
        var client = Connect(b, 7000, CreateTestProbe().Ref);
        Send(client.Socket, "early");
        Assert.IsType<GenTcp.Ok>(Call<object>(client.Socket, new GenTcp.Shutdown(ShutdownHow.Write)));
        ExpectNoMsgWhenIdle();
        var server = Call<GenTcp.Accepted>(listen.Socket, new GenTcp.Accept(Wire));
        Assert.Equal("early", Recv(server.Socket));
        Assert.Equal(Posix.Closed, RecvFails(server.Socket));
    }

    [Fact]
    public void Setopts_of_connection_options_go_to_the_connection_which_may_refuse_them_and_then_nothing_changes()
    {
        var p = Sockets(server: [InetOption.Active(false), InetOption.RecBuf(8192)]);
        SetOpts(p.Server, GenTcpOption.NoDelay(true), GenTcpOption.KeepAlive(true), InetOption.RecBuf(16384));
        var opts = Call<Enet.Actors.Udp.Udp.Opts>(p.Server, new Enet.Actors.Udp.Udp.GetOpts(["nodelay", "keepalive", "recbuf"])).Options;
        Assert.Equal(["{nodelay,true}", "{keepalive,true}", "{recbuf,16384}"], opts.Select(o => o.ToString()));
        // A receive buffer cannot shrink under a live connection (its window was advertised).
        Assert.Equal(Posix.Einval, Call<Enet.Actors.Udp.Udp.Error>(p.Server,
            new Enet.Actors.Udp.Udp.SetOpts([GenTcpOption.NoDelay(false), InetOption.RecBuf(1024)])).Reason);
        opts = Call<Enet.Actors.Udp.Udp.Opts>(p.Server, new Enet.Actors.Udp.Udp.GetOpts(["nodelay", "recbuf"])).Options;
        Assert.Equal(["{nodelay,true}", "{recbuf,16384}"], opts.Select(o => o.ToString()));
    }

    private Enet.Actors.Udp.Udp.Opts GetOpts(IActorRef socket, params string[] names) =>
        Call<Enet.Actors.Udp.Udp.Opts>(socket, new Enet.Actors.Udp.Udp.GetOpts(names));

    /// <summary>The TCP segments <paramref name="tap"/> saw on the wire since the last call: ports, the IPv4 type of
    /// service byte, payload length and flags.</summary>
    private static List<(ushort From, ushort To, byte Tos, int Length, TcpFlags Flags)> Segments(ILink tap)
    {
        var seen = new List<(ushort, ushort, byte, int, TcpFlags)>();
        while (tap.Received.TryRead(out var frame))
            using (frame)
            {
                if (!EthernetFrame.TryParse(frame.Span, out var ethernet, out _) || ethernet.EtherType != EtherType.Ipv4 ||
                    !Ipv4Packet.TryParse(ethernet.Payload, out var ip, out _) || ip.Protocol != IpProtocol.Tcp ||
                    !TcpPacket.TryParse(ip.Payload, out var segment, out _))
                    continue;
                seen.Add((segment.SourcePort, segment.DestinationPort, (byte)(ip.Dscp << 2 | ip.Ecn), segment.Payload.Length, segment.Flags));
            }
        return seen;
    }

    [Fact]
    public void Tos_sets_the_type_of_service_of_every_segment_sent_and_setopts_changes_it_for_later_ones()
    {
        using var tap = Network.Plug("tap");
        // The accepted socket inherits the listen socket's tos; 0xB8 is DSCP 46 (EF, RFC 3246), 0x28 DSCP 10.
        var p = Sockets(server: [GenTcpOption.Tos(0x28)], client: [GenTcpOption.Tos(0xB8)]);
        Send(p.Client, "one");
        Assert.Equal("one", ReceiveText(p.ServerOwner, 3));
        Send(p.Server, "back");
        Assert.Equal("back", ReceiveText(p.ClientOwner, 4));
        var before = Segments(tap);
        Assert.Contains(before, s => s.To == 7000 && s.Flags == TcpFlags.Syn);
        Assert.Contains(before, s => s.From == 7000 && s.Flags == (TcpFlags.Syn | TcpFlags.Ack));
        Assert.All(before.Where(s => s.To == 7000), s => Assert.Equal(0xB8, s.Tos));
        Assert.All(before.Where(s => s.From == 7000), s => Assert.Equal(0x28, s.Tos));
        // The two ECN bits stay TCP's (as on Linux): 0x4B goes out as DSCP 18, 0x48.
        SetOpts(p.Client, GenTcpOption.Tos(0x4B));
        Send(p.Client, "two");
        Assert.Equal("two", ReceiveText(p.ServerOwner, 3));
        var after = Segments(tap).Where(s => s.To == 7000 && s.Length > 0).ToList();
        Assert.NotEmpty(after);
        Assert.All(after, s => Assert.Equal(0x48, s.Tos));
        Assert.Equal(["{tos,75}"], GetOpts(p.Client, "tos").Options.Select(o => o.ToString()));
    }

    [Fact]
    public void A_tos_set_on_the_listen_socket_holds_for_the_connections_it_accepts_after()
    {
        var (a, b) = TwoHosts();
        using var tap = Network.Plug("tap");
        var listen = Listen(a, 7000, TestActor, GenTcpOption.Tos(0x28));
        SetOpts(listen.Socket, GenTcpOption.Tos(0x30));
        var p = Sockets(a, b, listen);
        Send(p.Server, "x");
        Assert.Equal("x", ReceiveText(p.ClientOwner, 1));
        var data = Segments(tap).Where(s => s.From == 7000 && s.Length > 0).ToList();
        Assert.NotEmpty(data);
        Assert.All(data, s => Assert.Equal(0x30, s.Tos));
    }

    private int Connections(RunningHost host) => Call<EnetTcp.Statistics>(TcpOf(host), EnetTcp.GetStatistics.Instance).Connections;

    /// <summary>The server closes first, so its end of the connection waits in TIME-WAIT on A (RFC 9293 3.6) while B's is
    /// gone; then the listen socket is closed.</summary>
    private void IntoTimeWait(RunningHost a, RunningHost b, Pair p)
    {
        Assert.IsType<GenTcp.Ok>(Call<object>(p.Server, GenTcp.Close.Instance));
        p.ClientOwner.ExpectMsg<GenTcp.TcpClosed>(Wire);
        Assert.IsType<GenTcp.Ok>(Call<object>(p.Listen, GenTcp.Close.Instance));
        AwaitAssert(() => Assert.Equal((1, 0), (Connections(a), Connections(b))), Wire, TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Without_reuseaddr_a_port_held_by_a_connection_in_time_wait_is_eaddrinuse_for_listen_and_for_connect_from_it()
    {
        var (a, b) = TwoHosts();
        IntoTimeWait(a, b, Sockets(a, b));
        GenTcp.Listen(Sys, TcpOf(a), 7000, [], TestActor, TestActor);
        Assert.Equal(Posix.Eaddrinuse, ExpectMsg<GenTcp.Error>(Wire).Reason);
        // On Linux both sockets must have SO_REUSEADDR: the new one's alone is not enough.
        GenTcp.Listen(Sys, TcpOf(a), 7000, [GenTcpOption.ReuseAddr(true)], TestActor, TestActor);
        Assert.Equal(Posix.Eaddrinuse, ExpectMsg<GenTcp.Error>(Wire).Reason);
        // A connect from that port is refused before any SYN (else it would be econnrefused: nobody listens on 7001).
        TcpOf(a).Tell(Io.Connect(AddressB, 7001, localPort: 7000), TestActor);
        Assert.Equal(TcpError.Eaddrinuse, ExpectMsg<TcpIo.CommandFailed>(Wire).Reason());
        Listen(a, 7001, TestActor);
    }

    [Fact]
    public void With_reuseaddr_the_port_is_listened_on_again_while_the_old_connection_is_in_time_wait_but_never_beside_a_listener()
    {
        var (a, b) = TwoHosts();
        IntoTimeWait(a, b, Sockets(a, b, server: [GenTcpOption.ReuseAddr(true)]));
        var again = Listen(a, 7000, TestActor, GenTcpOption.ReuseAddr(true));
        Connect(b, 7000, CreateTestProbe().Ref);
        Call<GenTcp.Accepted>(again.Socket, new GenTcp.Accept(Wire));
        GenTcp.Listen(Sys, TcpOf(a), 7000, [GenTcpOption.ReuseAddr(true)], TestActor, TestActor);
        Assert.Equal(Posix.Eaddrinuse, ExpectMsg<GenTcp.Error>(Wire).Reason);
    }

    [Fact]
    public void Delay_send_queues_a_burst_of_sends_into_fewer_larger_segments()
    {
        var (a, b) = TwoHosts();
        using var tap = Network.Plug("tap");
        var listen = Listen(a, 7000, TestActor, InetOption.Active(false));
        const int Sends = 20, Size = 10;
        int DataSegments(bool delaySend)
        {
            // Nagle off in both, so only delay_send can join the sends.
            var client = Connect(b, 7000, CreateTestProbe().Ref, GenTcpOption.NoDelay(true), GenTcpOption.DelaySend(delaySend));
            var server = Call<GenTcp.Accepted>(listen.Socket, new GenTcp.Accept(Wire)).Socket;
            var sender = CreateTestProbe();
            for (var i = 0; i < Sends; i++)
                sender.Send(client.Socket, new GenTcp.Send(new byte[Size]));
            for (var i = 0; i < Sends; i++)
                sender.ExpectMsg<GenTcp.Ok>(Wire);
            var received = 0;
            while (received < Sends * Size)
                received += Call<GenTcp.Received>(server, new GenTcp.Recv(0, Wire)).Data.Length;
            return Segments(tap).Count(s => s.From == client.LocalPort && s.Length > 0);
        }
        var immediate = DataSegments(delaySend: false);
        var delayed = DataSegments(delaySend: true);
        Assert.True(delayed * 2 <= immediate, $"{delayed} segments with delay_send, {immediate} without");
    }

    [Fact]
    public void Line_delimiter_ends_lines_at_its_character_and_setopts_changes_it()
    {
        var p = Sockets(server: [GenTcpOption.Packet(PacketType.Line), GenTcpOption.LineDelimiter('|'), InetOption.Active(false)]);
        Send(p.Client, "a\nb|cd|");
        Assert.Equal("a\nb|", Recv(p.Server));
        Assert.Equal("cd|", Recv(p.Server));
        Assert.Equal(["{line_delimiter,124}"], GetOpts(p.Server, "line_delimiter").Options.Select(o => o.ToString()));
        SetOpts(p.Server, GenTcpOption.LineDelimiter('\n'));
        Send(p.Client, "e|f\n");
        Assert.Equal("e|f\n", Recv(p.Server));
    }

    [Fact]
    public void A_listen_socket_has_let_its_port_go_when_close_returns_so_listen_at_once_succeeds()
    {
        var (a, _) = TwoHosts();
        const int Cycles = 200;
        // An actor listens again the moment close answers: the test thread would wake too late to see a port not yet let go.
        Sys.ActorOf(ActorProps.Create(() => new Relistener(TcpOf(a), 7000, Cycles, TestActor)));
        Assert.Equal(Cycles, ExpectMsg<int>(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Closing_a_listen_socket_resets_the_connections_not_yet_accepted_and_their_port_is_free_when_close_returns()
    {
        var (a, b) = TwoHosts();
        for (var i = 0; i < 10; i++)
        {
            var listen = Listen(a, 7000, TestActor);
            var client = CreateTestProbe($"client{i}");
            Connect(b, 7000, client.Ref);
            // Established on A too and waiting in the listen socket's queue.
            AwaitAssert(() => Assert.Equal(1, Connections(a)), Wire, TimeSpan.FromMilliseconds(20));
            ExpectNoMsgWhenIdle();
            Assert.IsType<GenTcp.Ok>(Call<object>(listen.Socket, GenTcp.Close.Instance));
            Assert.IsType<GenTcp.Ok>(Call<object>(Listen(a, 7000, TestActor).Socket, GenTcp.Close.Instance));
            client.ExpectMsg<GenTcp.TcpClosed>(Wire);
        }
    }

    /// <summary>Listens on a port and closes; binds it with the layer the moment close returns, unbinds, and listens
    /// again the moment Unbound comes; <c>cycles</c> times. Tells how many cycles went through, stopping at the first
    /// eaddrinuse.</summary>
    private sealed class Relistener : ReceiveActor
    {
        public Relistener(IActorRef tcp, ushort port, int cycles, IActorRef report)
        {
            var done = 0;
            Receive<GenTcp.Listening>(l => l.Socket.Tell(GenTcp.Close.Instance, Self));
            Receive<GenTcp.Ok>(_ => tcp.Tell(Io.Bind(Self, port), Self));
            Receive<TcpIo.Bound>(_ => Sender.Tell(TcpIo.Unbind.Instance, Self));
            Receive<TcpIo.Unbound>(_ =>
            {
                if (++done == cycles)
                    report.Tell(done);
                else
                    GenTcp.Listen(Context.System, tcp, port, [], Self, Self);
            });
            Receive<GenTcp.Error>(_ => report.Tell(done));
            Receive<TcpIo.CommandFailed>(_ => report.Tell(done));
            GenTcp.Listen(Context.System, tcp, port, [], Self, Self);
        }
    }

    [Fact]
    public void Recbuf_and_sndbuf_default_to_the_tcp_layers_configured_buffers()
    {
        var (a, b) = TwoHosts(TcpSettings.Default with { ReceiveBuffer = 20000, SendBuffer = 30000 });
        var p = Sockets(a, b);
        foreach (var socket in new[] { p.Listen, p.Server, p.Client })
            Assert.Equal(["{recbuf,20000}", "{sndbuf,30000}"], GetOpts(socket, "recbuf", "sndbuf").Options.Select(o => o.ToString()));
    }
}
