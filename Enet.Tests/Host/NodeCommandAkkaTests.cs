using System.Globalization;
using Enet.Remote;
using Enet.TestKit;
using Enet.Tests.Remote;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Host;

/// <summary>`enet node` as a separate process whose configuration runs Akka.Remote: a node over both transports.</summary>
public sealed class NodeCommandAkkaTests(ITestOutputHelper output) : EnetTestKit(hocon: RemoteNode, systemName: "enet")
{
    private const string RemoteNode = """
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        enet.log.level = warning
        """;

    /// <summary>Akka.Remote from the configuration file, or from <c>--akka-port</c> (then at the node name's host).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Enet_node_with_Akka_Remote_configured_is_reached_by_its_Akka_address_and_leaves_cleanly(bool akkaPortFlag)
    {
        var config = Path.Combine(Path.GetTempPath(), $"enet-node-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(config, akkaPortFlag ? "enet.log.level = warning" : RemoteNode);
        // A private EPMD port: the node embeds its own EPMD there and meets no other node on this machine.
        var epmdPort = ErlangPeer.FreePort();
        var alive = "anode_" + Guid.NewGuid().ToString("N")[..8];
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? TestEnvironment.FindTool("dotnet") ?? "dotnet";
        using var enet = ErlangPeer.StartProgram(dotnet,
            [Path.Combine(AppContext.BaseDirectory, "enet.dll"), "node", "--sname", alive + "@localhost", "--cookie", "c",
             "--epmd-port", epmdPort.ToString(CultureInfo.InvariantCulture), "--config", config, .. (akkaPortFlag ? ["--akka-port", "0"] : Array.Empty<string>())],
            epmdPort, alive);
        try
        {
            var up = enet.WaitForLine($"enet node {alive}@localhost up", TimeSpan.FromSeconds(30));
            var akkaAddress = up[(up.IndexOf(", akka ", StringComparison.Ordinal) + ", akka ".Length)..];
            Assert.StartsWith(akkaPortFlag ? "akka.tcp://enet@localhost:" : "akka.tcp://enet@127.0.0.1:", akkaAddress);

            await using var node = await DistributedNode.StartAsync(Sys, new NetKernelSettings("probe@localhost") { EpmdPort = epmdPort, Cookie = "c" });
            await node.MonitorNodesAsync(TestActor, true, MonitorNodesOptions.All);
            Assert.True(await node.ConnectNodeAsync(akkaAddress));
            Assert.Equal(new NodeUp(akkaAddress, NodeType.Visible) { Transport = "akka" }, ExpectMsg<NodeUp>(TimeSpan.FromSeconds(10)));
            Assert.True(await node.ConnectNodeAsync(alive + "@localhost"));
            Assert.Equal("erlang", ExpectMsg<NodeUp>(TimeSpan.FromSeconds(10)).Transport);

            // SIGTERM stops both kernels: the Akka peer hears it closed the connection, as the Erlang one does.
            enet.Signal("TERM");
            var downs = new[] { ExpectMsg<NodeDown>(TimeSpan.FromSeconds(15)), ExpectMsg<NodeDown>(TimeSpan.FromSeconds(15)) };
            Assert.Equal(["akka", "erlang"], downs.Select(d => d.Transport).Order());
            Assert.All(downs, d => Assert.Equal("connection_closed", d.Reason));
            Assert.Equal(0, enet.WaitForExit(TimeSpan.FromSeconds(15)));
        }
        finally
        {
            output.WriteLine(string.Join("\n", enet.Seen));
            File.Delete(config);
        }
    }
}
