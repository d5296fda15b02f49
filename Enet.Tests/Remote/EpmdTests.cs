using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Enet.Remote.Epmd;
using Xunit;

namespace Enet.Tests.Remote;

public class EpmdTests
{
    [Fact]
    public async Task Embedded_epmd_registers_looks_up_lists_and_forgets_on_close()
    {
        await using var server = EpmdServer.Start(0);
        var client = new EpmdClient("127.0.0.1", server.Port);
        await ExerciseAsync(client);
    }

    [SkippableFact]
    public async Task Real_epmd_daemon_registers_looks_up_lists_and_forgets_on_close()
    {
        TestEnvironment.RequireTool("epmd", "apt-get install erlang-nox");
        using var epmd = ErlangPeer.StartEpmd();
        await ExerciseAsync(new EpmdClient("127.0.0.1", epmd.Port));
    }

    [SkippableFact]
    public async Task Real_erl_node_registers_with_the_embedded_epmd()
    {
        TestEnvironment.RequireTool("erl", "apt-get install erlang-nox");
        await using var server = EpmdServer.Start(0);
        using var peer = ErlangPeer.Start(server.Port, "receive stop -> ok after 20000 -> ok end");
        var client = new EpmdClient("127.0.0.1", server.Port);
        EpmdNodeInfo? info = null;
        for (var i = 0; i < 100 && info is null; i++)
        {
            info = await client.LookupAsync(peer.Alive);
            if (info is null)
                await Task.Delay(50);
        }
        Assert.NotNull(info);
        Assert.False(info.Hidden);
        Assert.Equal(6, info.HighestVersion);
        Assert.Contains((peer.Alive, info.Port), await client.NamesAsync());
    }

    [Fact]
    public async Task Embedded_epmd_refuses_a_name_already_registered()
    {
        await using var server = EpmdServer.Start(0);
        var client = new EpmdClient("127.0.0.1", server.Port);
        using var first = await client.RegisterAsync(new EpmdNodeInfo("dup", 5555, Hidden: true));
        await Assert.ThrowsAsync<EpmdException>(() => client.RegisterAsync(new EpmdNodeInfo("dup", 5556, Hidden: true)));
    }

    [Fact]
    public async Task Embedded_epmd_survives_garbage_requests()
    {
        await using var server = EpmdServer.Start(0);
        foreach (var garbage in new byte[][] { [0, 0], [0xFF, 0xFF, 1], [0, 3, 120, 1], [0, 1, 99], [0, 5, 120, 0, 1, 77, 0] })
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, server.Port);
            await socket.SendAsync(garbage);
            socket.Shutdown(SocketShutdown.Send);
            var buffer = new byte[16];
            try
            {
                while (await socket.ReceiveAsync(buffer) > 0)
                {
                }
            }
            catch (SocketException)
            {
                // A reset is a clean refusal too: the server closed with our garbage unread.
            }
        }
        await ExerciseAsync(new EpmdClient("127.0.0.1", server.Port));
    }

    private static async Task ExerciseAsync(EpmdClient client)
    {
        var name = "enet_" + Guid.NewGuid().ToString("N")[..8];
        using (var registration = await client.RegisterAsync(new EpmdNodeInfo(name, 45678, Hidden: true)))
        {
            Assert.NotEqual(0u, registration.Creation);
            var info = await client.LookupAsync(name);
            Assert.NotNull(info);
            Assert.Equal(45678, info.Port);
            Assert.True(info.Hidden);
            Assert.Equal(6, info.HighestVersion);
            Assert.Contains((name, 45678), await client.NamesAsync());
        }
        var sw = Stopwatch.StartNew();
        while (await client.LookupAsync(name) is not null)
        {
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), "registration outlived its socket");
            await Task.Delay(20);
        }
        Assert.Null(await client.LookupAsync("no_such_node"));
    }
}
