using Enet.Remote.Epmd;
using Enet.Tests.Remote;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Host;

/// <summary>`enet node` as a separate process, talked to by a real erl node with its own cookie.</summary>
public sealed class NodeCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _cookie = "c" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<ErlangPeer> _peers = [];

    [SkippableFact]
    public async Task Erlang_reaches_enet_echo_and_enet_info_and_SIGTERM_leaves_the_cluster_cleanly()
    {
        TestEnvironment.RequireTool("erl", "apt-get install erlang-nox");
        TestEnvironment.RequireTool("epmd", "apt-get install erlang-nox");
        var epmd = Track(ErlangPeer.StartEpmd());
        var alive = "enode_" + Guid.NewGuid().ToString("N")[..8];
        var node = alive + "@localhost";
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? TestEnvironment.FindTool("dotnet") ?? "dotnet";
        var enet = Track(ErlangPeer.StartProgram(dotnet,
            [Path.Combine(AppContext.BaseDirectory, "enet.dll"), "node", "--name", alive, "--cookie", _cookie, "--epmd-port", epmd.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            epmd.Port, alive));
        // The test's epmd listens, so the node registers there instead of embedding one.
        Assert.DoesNotContain("(embedded)", enet.WaitForLine($"enet node {node} up", TimeSpan.FromSeconds(30)));
        Assert.NotNull(await new EpmdClient("localhost", epmd.Port).LookupAsync(alive));

        var erl = Track(ErlangPeer.Start(epmd.Port,
            "T = {x, 'ünï', [1,2|t], <<7:3>>, #{k => 1.5}, 1 bsl 70, self(), make_ref()}, " +
            $"{{enet_echo, '{node}'}} ! {{self(), T}}, " +
            "receive {enet_echo, T} -> io:format(\"echo_ok~n\"); E -> io:format(\"echo_bad ~p~n\", [E]) after 5000 -> io:format(\"echo_timeout~n\") end, " +
            $"{{enet_info, '{node}'}} ! {{self(), interfaces}}, " +
            "receive {enet_info, L} when is_list(L) -> io:format(\"info ~p~n\", [lists:keymember(\"lo\", 1, L)]); I -> io:format(\"info_bad ~p~n\", [I]) after 5000 -> io:format(\"info_timeout~n\") end, " +
            $"monitor_node('{node}', true), io:format(\"watching~n\"), " +
            $"receive {{nodedown, '{node}'}} -> io:format(\"nodedown~n\") after 20000 -> io:format(\"no_nodedown~n\") end",
            _cookie));
        Assert.Equal("echo_ok", erl.WaitForLine("echo_"));
        Assert.Equal("info true", erl.WaitForLine("info"));
        erl.WaitForLine("watching");

        enet.Signal("TERM");
        Assert.Equal(0, enet.WaitForExit(TimeSpan.FromSeconds(15)));
        Assert.Equal("nodedown", erl.WaitForLine("nodedown"));
        Assert.Null(await new EpmdClient("localhost", epmd.Port).LookupAsync(alive));
    }

    private ErlangPeer Track(ErlangPeer peer)
    {
        _peers.Add(peer);
        return peer;
    }

    public void Dispose()
    {
        foreach (var peer in Enumerable.Reverse(_peers))
        {
            output.WriteLine($"--- {peer.Alive}:\n" + string.Join("\n", peer.Seen));
            peer.Dispose();
        }
    }
}
