using Enet.Host.Commands;
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
            [Path.Combine(AppContext.BaseDirectory, "enet.dll"), "node", "--sname", node, "--cookie", _cookie, "--epmd-port", epmd.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            epmd.Port, alive));
        // The test's epmd listens, so the node registers there instead of embedding one; a localhost name
        // resolves to loopback alone, so that is all the node listens on.
        var up = enet.WaitForLine($"enet node {node} up", TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("(embedded)", up);
        Assert.Contains("listening on 127.0.0.1:", up);
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

    /// <summary>README's example, typed as written, answering README's erl session.</summary>
    public const string ReadmeCommand = "enet node --name enet --cookie secret";

    [SkippableFact]
    public void Readme_node_example_answers_ping_and_enet_echo_from_erl_sname_shell()
    {
        TestEnvironment.Require(TestEnvironment.FindTool("erl") is not null && TestEnvironment.FindTool("epmd") is not null, "erl (apt-get install erlang-nox)");
        Assert.Contains(ReadmeCommand, ReadmeTests.Commands());
        Assert.Contains("from `erl -sname shell -setcookie secret`", File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "README.md")).ReplaceLineEndings(" "));
        // The names are README's; an EPMD of the test's own (ERL_EPMD_PORT for both programs) keeps them from
        // meeting any other node on this machine.
        var epmd = Track(ErlangPeer.StartEpmd());
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? TestEnvironment.FindTool("dotnet") ?? "dotnet";
        var enet = Track(ErlangPeer.StartProgram(dotnet,
            [Path.Combine(AppContext.BaseDirectory, "enet.dll"), .. ReadmeCommand.Split(' ')[1..]], epmd.Port, "enet"));
        var up = enet.WaitForLine("enet node ", TimeSpan.FromSeconds(30));
        Assert.Contains("listening on 0.0.0.0:", up);

        // HOST is whatever erl -sname made of this machine's name, taken from the shell's own node name.
        var erl = Track(ErlangPeer.StartProgram("erl",
            ["-sname", "shell", "-setcookie", "secret", "-noshell", "-start_epmd", "false", "-eval",
             "[_, Host] = string:split(atom_to_list(node()), \"@\"), Enet = list_to_atom(\"enet@\" ++ Host), " +
             "io:format(\"ping ~s ~p~n\", [Enet, net_adm:ping(Enet)]), " +
             "{enet_echo, Enet} ! {self(), hello}, " +
             "receive M -> io:format(\"got ~p~n\", [M]) after 10000 -> io:format(\"got nothing~n\") end, " +
             // README's enet_info line: {Pid, interfaces} gets {enet_info, Interfaces} with a name per interface.
             "{enet_info, Enet} ! {self(), interfaces}, " +
             "receive {enet_info, [{Name, _} | _]} -> io:format(\"info ~s~n\", [Name]); I -> io:format(\"info ~p~n\", [I]) after 10000 -> io:format(\"info nothing~n\") end, halt()."],
            epmd.Port, "shell"));
        var ping = erl.WaitForLine("ping ");
        Assert.EndsWith(" pong", ping);
        Assert.Contains($"enet node {ping.Split(' ')[1]} up", up);
        Assert.Equal("got {enet_echo,hello}", erl.WaitForLine("got "));
        // The first interface's name (lo on Linux); anything else printed is the wrong shape or no answer.
        Assert.Matches(@"^info [a-z][a-z0-9]*$", erl.WaitForLine("info "));
    }

    [Theory]
    [InlineData("--sname", "enet@box.example.org", "short node name")]
    [InlineData("--name", "enet.x", "valid_name_head")]
    [InlineData("--sname", "enet x", "valid_name_head")]
    [InlineData("--address", "::1", "IPv4")]
    [InlineData("--address", "nowhere", "not an IP address")]
    public void A_name_or_address_erl_would_refuse_is_a_configuration_error(string option, string value, string reason)
    {
        // A private EPMD port: should the check let the node start, it registers nowhere another node looks.
        var result = EnetCommand.Run("node", option, value, "--cookie", _cookie, "--epmd-port", ErlangPeer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(NodeCommand.ConfigError, result.ExitCode);
        Assert.Contains(reason, result.Error);
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
