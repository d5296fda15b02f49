using System.Globalization;
using Akka.Actor;
using Enet.Actors.Icmp;
using Enet.Codecs;
using Enet.Tests.Remote;
using Enet.Tests.Tap;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Host;

/// <summary>
/// `enet node --config FILE` runs the file's hosts beside the node and an erl shell watches one of their interfaces
/// through enet_dump, while this test process, another Enet node on the same remote segment, pings that host.
/// </summary>
public sealed class NodeDumpCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("enet-node-dump-").FullName;
    private readonly string cookie = "c" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<ErlangPeer> peers = [];
    private ActorSystem? pinger;

    /// <summary>README's example; the test runs it with a name, cookie, EPMD and Akka.Remote ports of its own.</summary>
    public const string ReadmeCommand = "enet node --sname enet --cookie secret --config examples/remote-a.conf";

    [SkippableFact]
    public async Task Erlang_shell_sees_the_frames_of_a_host_that_enet_node_runs_from_its_config()
    {
        TestEnvironment.RequireTool("erl", "apt-get install erlang-nox");
        TestEnvironment.RequireTool("epmd", "apt-get install erlang-nox");
        Assert.Contains(ReadmeCommand, ReadmeTests.Commands());
        var epmd = Track(ErlangPeer.StartEpmd());
        var portA = ErlangPeer.FreePort();
        var portB = ErlangPeer.FreePort();
        var config = Path.Combine(directory, "node.conf");
        File.WriteAllText(config, RemoteLinkCommandTests.ExampleConfig("remote-a.conf", portA, portB));
        var alive = "enode_" + Guid.NewGuid().ToString("N")[..8];
        var node = alive + "@localhost";
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? TestEnvironment.FindTool("dotnet") ?? "dotnet";
        var enet = Track(ErlangPeer.StartProgram(dotnet,
            [Path.Combine(AppContext.BaseDirectory, "enet.dll"), "node", "--sname", node, "--cookie", cookie,
             "--epmd-port", epmd.Port.ToString(CultureInfo.InvariantCulture), "--config", config],
            epmd.Port, alive));
        enet.WaitForLine($"enet node {node} up", TimeSpan.FromSeconds(60));

        var erl = Track(ErlangPeer.Start(epmd.Port,
            $"D = {{enet_dump, '{node}'}}, " +
            "D ! {subscribe, self(), eth9, all}, receive {enet_dump, E} -> io:format(\"unknown ~p~n\", [E]) after 10000 -> io:format(\"no_answer~n\") end, " +
            "D ! {subscribe, self(), eth0, [icmp]}, receive {enet_dump, ok} -> io:format(\"subscribed~n\") end, " +
            "receive {enet_frame, eth0, _, #{ipv4 := Ip, icmpv4 := Icmp, direction := Dir}} -> " +
            "  io:format(\"frame ~s > ~s ~s ~p~n\", [maps:get(source, Ip), maps:get(destination, Ip), maps:get(typeName, Icmp), Dir]) " +
            "after 30000 -> io:format(\"no_frame~n\") end",
            cookie));
        Assert.Equal("unknown {error,no_such_interface}", erl.WaitForLine("unknown"));
        erl.WaitForLine("subscribed");

        pinger = RemoteNodes.Start(portB);
        await pinger.Enet().StartHostsAsync(RemoteLinkCommandTests.ExampleConfig("remote-b.conf", portA, portB));
        var icmp = pinger.Enet().Host("h2").Interfaces["eth0"].Icmp!;
        var ping = await icmp.Ask<Icmp.PingResult>(new Icmp.Ping(Ipv4Address.Parse("192.0.2.1"), 1, Timeout: TimeSpan.FromSeconds(10)), TimeSpan.FromSeconds(20));
        Assert.Single(ping.Replies);
        Assert.Equal("frame 192.0.2.2 > 192.0.2.1 echo-request received", erl.WaitForLine("frame"));
    }

    private ErlangPeer Track(ErlangPeer peer)
    {
        peers.Add(peer);
        return peer;
    }

    public void Dispose()
    {
        pinger?.Terminate().Wait(TimeSpan.FromSeconds(10));
        foreach (var peer in Enumerable.Reverse(peers))
        {
            output.WriteLine($"--- {peer.Alive}:\n" + string.Join("\n", peer.Seen));
            peer.Dispose();
        }
        Directory.Delete(directory, recursive: true);
    }
}
