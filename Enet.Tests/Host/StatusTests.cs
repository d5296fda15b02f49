using Enet.Actors.Diagnostics;
using Enet.Actors.Tcp;
using Enet.Codecs;
using Enet.Host.Status;
using Enet.Tests.Actors;
using Enet.Tests.Remote;
using Spectre.Console.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Host;

/// <summary>`enet run`'s status: the counters gathered from a running stack, the live table through Spectre.Console's
/// test console, and the plain lines with Ctrl-C's final counters from the command itself.</summary>
public sealed class StatusTests(ITestOutputHelper output) : NetworkTestKit
{
    private static readonly Ipv4Address AddressA = new(192, 0, 2, 1);
    private static readonly Ipv4Address AddressB = new(192, 0, 2, 2);

    private static InterfaceStatus Sample(long frames) => new("h1/eth0", frames, frames * 60, frames + 1, (frames + 1) * 60, 2, 1, 3,
        new TcpStatus.TcpStatistics(new Dictionary<TcpState, int> { [TcpState.Established] = 2, [TcpState.TimeWait] = 1 }, 1), 4);

    [Fact]
    public async Task Collect_counts_frames_neighbours_tcp_connections_by_state_and_udp_sockets()
    {
        var a = await Network.AddHostAsync("a", TestFrames.HostA, $"{AddressA}/24");
        var b = await Network.AddHostAsync("b", TestFrames.HostB, $"{AddressB}/24", services: ["arp", "icmp", "tcp-echo", "udp-echo"]);
        var probe = CreateTestProbe();
        a.Interfaces.Values.Single().Tcp!.Tell(Enet.Tests.Tcp.Io.Connect(AddressB, 7), probe.Ref);
        probe.ExpectMsg<Akka.IO.Tcp.Connected>(TimeSpan.FromSeconds(10));

        var status = await StatusCollector.CollectAsync([a, b]);
        output.WriteLine(StatusDisplay.Line(status));
        var (client, server) = (status.Single(s => s.Name.StartsWith("a/")), status.Single(s => s.Name.StartsWith("b/")));
        Assert.Equal((1, 0), (client.Tcp!.Count(TcpState.Established), client.Tcp.Listeners));
        Assert.Equal((1, 1), (server.Tcp!.Count(TcpState.Established), server.Tcp.Listeners));
        Assert.Equal("estab 1 listen 1", server.TcpText);
        Assert.Equal((1, 1), (client.ArpEntries, server.ArpEntries));
        Assert.Equal((0, 1), (client.UdpSockets, server.UdpSockets));
        // SYN, ACK and the ARP request went out of a; SYN-ACK and the ARP reply came back.
        Assert.True(client.TxFrames >= 3 && client.RxFrames >= 2 && client.TxBytes > 0, client.ToString());
        Assert.Null(client.NdpEntries);
    }

    [Fact]
    public void The_line_names_every_counter()
    {
        Assert.Equal("h1/eth0 rx 5 frames 300 bytes, tx 6 frames 360 bytes, drops 2, arp 1, ndp 3, tcp estab 2 time-wait 1 listen 1, udp 4",
            Sample(5).ToString());
    }

    [Fact]
    public async Task The_live_table_redraws_with_new_counters_and_ends_with_the_final_ones()
    {
        var console = new TestConsole().Interactive();
        console.Profile.Width = 160;
        using var stop = new CancellationTokenSource();
        var calls = 0;
        Task<InterfaceStatus[]> Collect()
        {
            // The third refresh is enough to have shown a changed table; then Ctrl-C.
            if (++calls == 3)
                stop.Cancel();
            return Task.FromResult(new[] { Sample(calls * 100) });
        }
        await StatusDisplay.RunTableAsync(console, Collect, TimeSpan.FromMilliseconds(10), stop.Token).WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(console.Output);
        Assert.Contains("frames in", console.Output);
        Assert.Contains("h1/eth0", console.Output);
        Assert.Contains("estab 2 time-wait 1 listen 1", console.Output);
        // Redrawn in place with the second collection's counters (the test console keeps what each redraw wrote).
        Assert.Contains("12000", console.Output);
        // After the live view, the final counters (the fourth collection) stay as a plain table.
        var final = console.Output[console.Output.LastIndexOf('┌')..];
        Assert.Contains("400", final);
        Assert.Contains("24000", final);
    }

    [Fact]
    public void Run_with_status_plain_logs_the_counters_and_the_final_ones_on_ctrl_c()
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? TestEnvironment.FindTool("dotnet") ?? "dotnet";
        var config = Path.Combine(TestEnvironment.RepositoryRoot, "examples", "wire.conf");
        using var enet = ErlangPeer.StartProgram(dotnet,
            [Path.Combine(AppContext.BaseDirectory, "enet.dll"), "run", "--config", config, "--status", "plain", "--status-interval", "0.2"],
            epmdPort: 0, alive: "enet run");
        try
        {
            var line = enet.WaitForLine(" status h1/eth0 rx ", TimeSpan.FromSeconds(30));
            Assert.Matches(@"status h1/eth0 rx \d+ frames \d+ bytes, tx \d+ frames \d+ bytes, drops 0, arp \d+, ndp \d+, tcp 0, udp 0; h2/eth0 rx ", line);
            enet.Signal("INT");
            Assert.Equal(0, enet.WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.Contains("h2/eth0", enet.WaitForLine(" final h1/eth0 rx ", TimeSpan.FromSeconds(5)));
        }
        finally
        {
            output.WriteLine(string.Join("\n", enet.Seen));
        }
    }
}
