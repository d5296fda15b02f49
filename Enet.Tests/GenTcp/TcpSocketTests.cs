using Akka.TestKit;
using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Enet.Actors.GenTcp;
using Enet.Actors.Hosting;
using Enet.Actors.Inet;
using Enet.Codecs;
using Akka.Actor;
using Enet.TestKit;
using Enet.Tests.Actors;
using Xunit;

namespace Enet.Tests.GenTcp;

using GenTcp = Enet.Actors.GenTcp.GenTcp;
using Inet = Enet.Actors.Inet.Inet;

/// <summary>The awaitable <see cref="TcpSocket"/>, and ordinary .NET stream and pipeline code talking through Enet
/// between two hosts on an in-memory wire.</summary>
public sealed class TcpSocketTests : NetworkTestKit
{
    private static readonly Ipv4Address AddressA = new(192, 0, 2, 1);
    private static readonly Ipv4Address AddressB = new(192, 0, 2, 2);
    private static readonly TimeSpan Wire = TimeSpan.FromSeconds(5);

    private async Task<(IActorRef A, IActorRef B)> TwoHosts(IReadOnlyList<string>? servicesA = null)
    {
        var a = await Network.AddHostAsync("a", TestFrames.HostA, $"{AddressA}/24", services: servicesA);
        var b = await Network.AddHostAsync("b", TestFrames.HostB, $"{AddressB}/24");
        return (a.Interfaces.Values.Single().Tcp!, b.Interfaces.Values.Single().Tcp!);
    }

    [Fact]
    public async Task Connect_listen_accept_send_recv_and_shutdown_as_awaitable_calls()
    {
        var (a, b) = await TwoHosts();
        await using var listen = await TcpSocket.ListenAsync(Sys, a, 8000);
        var accepting = listen.AcceptAsync(Wire);
        await using var client = await TcpSocket.ConnectAsync(Sys, b, AddressA, 8000, timeout: Wire);
        await using var server = await accepting;
        Assert.Equal((AddressB, client.LocalPort), (server.RemoteAddress, server.RemotePort));
        await client.SendAsync("ping"u8.ToArray());
        Assert.Equal("ping", Encoding.ASCII.GetString((await server.RecvAsync(4, Wire)).Span));
        await client.ShutdownAsync(ShutdownHow.Write);
        Assert.Equal(Posix.Closed, (await Assert.ThrowsAsync<InetException>(() => server.RecvAsync(0, Wire))).Reason);
        Assert.Equal(Posix.Timeout, (await Assert.ThrowsAsync<InetException>(() => listen.AcceptAsync(TimeSpan.FromMilliseconds(50)))).Reason);
    }

    [Fact]
    public async Task Controlling_process_gives_the_socket_to_an_actor_and_a_second_give_away_is_not_owner()
    {
        var (a, b) = await TwoHosts();
        await using var listen = await TcpSocket.ListenAsync(Sys, a, 8000);
        var accepting = listen.AcceptAsync(Wire);
        await using var client = await TcpSocket.ConnectAsync(Sys, b, AddressA, 8000, timeout: Wire);
        var server = await accepting;
        var owner = CreateTestProbe();
        await server.ControllingProcessAsync(owner.Ref);
        Assert.Equal(Posix.NotOwner, (await Assert.ThrowsAsync<InetException>(() => server.ControllingProcessAsync(owner.Ref))).Reason);
        Assert.Null(await Inet.SetOptsAsync(server.Socket, InetOption.Active(true)));
        // The socket is the new owner's now: disposing the wrapper leaves it open.
        await server.DisposeAsync();
        await client.SendAsync("to the actor"u8.ToArray());
        var data = owner.ExpectMsg<GenTcp.Data>(Wire);
        Assert.Equal(("to the actor", server.Socket), (Encoding.ASCII.GetString(data.Packet.Span), data.Socket));
    }

    [Fact]
    public async Task Connect_to_a_closed_port_throws_econnrefused()
    {
        var (_, b) = await TwoHosts();
        var refused = await Assert.ThrowsAsync<InetException>(() => TcpSocket.ConnectAsync(Sys, b, AddressA, 8000, timeout: Wire));
        Assert.Equal(Posix.Econnrefused, refused.Reason);
    }

    [Fact]
    public async Task StreamReader_and_StreamWriter_talk_to_the_tcp_echo_service_through_enet()
    {
        var (_, b) = await TwoHosts(["arp", "icmp", "tcp-echo"]);
        await using var socket = await TcpSocket.ConnectAsync(Sys, b, AddressA, 7, timeout: Wire);
        await using var stream = socket.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { AutoFlush = true };
        foreach (var line in new[] { "hello", "through enet", new string('x', 5000) })
        {
            await writer.WriteLineAsync(line);
            Assert.Equal(line, await reader.ReadLineAsync().WaitAsync(Wire));
        }
    }

    [Fact]
    public async Task A_stream_reads_to_the_end_after_the_peer_closes_and_carries_a_megabyte_intact()
    {
        var (a, b) = await TwoHosts();
        await using var listen = await TcpSocket.ListenAsync(Sys, a, 8000);
        var accepting = listen.AcceptAsync(Wire);
        var client = await TcpSocket.ConnectAsync(Sys, b, AddressA, 8000, timeout: Wire);
        await using var server = await accepting;
        var data = RandomNumberGenerator.GetBytes(1024 * 1024);
        var sending = Task.Run(async () =>
        {
            await using var output = client.GetStream();
            await output.WriteAsync(data);
        });
        using var received = new MemoryStream();
        await using var input = server.GetStream();
        await input.CopyToAsync(received).WaitAsync(TimeSpan.FromSeconds(60));
        await sending;
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(received.ToArray()));
    }

    [Fact]
    public async Task A_duplex_pipe_echoes_through_enet()
    {
        var (_, b) = await TwoHosts(["arp", "icmp", "tcp-echo"]);
        var socket = await TcpSocket.ConnectAsync(Sys, b, AddressA, 7, timeout: Wire);
        var pipe = socket.GetPipe();
        await pipe.Output.WriteAsync("pipelines"u8.ToArray());
        var text = "";
        while (text.Length < 9)
        {
            var result = await pipe.Input.ReadAsync().AsTask().WaitAsync(Wire);
            text += Encoding.ASCII.GetString(result.Buffer.ToArray());
            pipe.Input.AdvanceTo(result.Buffer.End);
        }
        Assert.Equal("pipelines", text);
        await pipe.Output.CompleteAsync();
        await pipe.Input.CompleteAsync();
        await socket.DisposeAsync();
    }
}
