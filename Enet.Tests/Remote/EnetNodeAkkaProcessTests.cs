using System.Globalization;
using Enet.Tests.Host;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Remote;

/// <summary>Two <c>enet node</c> processes that reach each other over Akka.Remote (loopback, ports the OS picks).</summary>
public sealed class EnetNodeAkkaProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly ThrowawayCertificates pki = new();
    private readonly int epmdPort = ErlangPeer.FreePort();
    private readonly List<ErlangPeer> nodes = [];
    private string config = "";

    /// <summary>Plain Akka.Remote, or mutual TLS with one self-signed certificate both nodes share (enet.remote.tls
    /// with no trust list trusts the node's own certificate).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Two_enet_nodes_connect_over_Akka_Remote_and_the_survivor_sees_the_killed_one_go_down(bool tls)
    {
        // A short net_ticktime: a killed node is down once the watch failure detector gives up on it.
        config = WriteConfig("enet.remote.net-ticktime = 2s\nenet.log.level = warning\n" + (tls
            ? $"enet.remote.tls {{ certificate = \"{pki.SelfSigned("cluster")}\", password = \"{ThrowawayCertificates.Password}\" }}"
            : ""));
        // b starts first (it runs the embedded EPMD both share) and survives; a connects to b's Akka address.
        var b = Start("b", []);
        var bAkka = AkkaAddress(b);
        var a = Start("a", ["--connect", bAkka]);
        var aAkka = AkkaAddress(a);
        Assert.StartsWith(tls ? "akka.ssl.tcp://" : "akka.tcp://", aAkka);

        Assert.Equal($"connect_node {bAkka}: true, nodes() = [{bAkka}]", a.WaitForLine("connect_node ", TimeSpan.FromSeconds(30)));
        Assert.Equal($"nodeup {bAkka} (akka, visible)", a.WaitForLine("nodeup ", TimeSpan.FromSeconds(10)));
        // The node that was connected to reports the peer too, as erl does on both ends.
        Assert.Equal($"nodeup {aAkka} (akka, visible)", b.WaitForLine("nodeup ", TimeSpan.FromSeconds(10)));

        a.Kill();
        Assert.Equal($"nodedown {aAkka} connection_closed (akka, visible)", b.WaitForLine("nodedown ", TimeSpan.FromSeconds(20)));
        b.Signal("TERM");
        Assert.Equal(0, b.WaitForExit(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public void A_TLS_certificate_that_cannot_be_read_is_a_configuration_error()
    {
        config = WriteConfig("enet.remote.tls.certificate = \"/nonexistent/enet.pfx\"");
        var result = EnetCommand.Run("node", "--sname", "tls@localhost", "--epmd-port", epmdPort.ToString(CultureInfo.InvariantCulture),
            "--config", config, "--akka-port", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("enet node: enet.remote.tls: /nonexistent/enet.pfx: ", result.Error);
    }

    public void Dispose()
    {
        foreach (var node in nodes)
        {
            output.WriteLine($"--- {node.Alive}:\n" + string.Join("\n", node.Seen));
            node.Dispose();
        }
        if (config.Length > 0)
            File.Delete(config);
        pki.Dispose();
    }

    /// <summary><c>enet node --sname NAME@localhost --akka-port 0</c>: both transports on loopback, private EPMD port.</summary>
    private ErlangPeer Start(string name, string[] extra)
    {
        var alive = name + "_" + Guid.NewGuid().ToString("N")[..8];
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? TestEnvironment.FindTool("dotnet") ?? "dotnet";
        var node = ErlangPeer.StartProgram(dotnet,
            [Path.Combine(AppContext.BaseDirectory, "enet.dll"), "node", "--sname", alive + "@localhost", "--cookie", "c",
             "--epmd-port", epmdPort.ToString(CultureInfo.InvariantCulture), "--config", config, "--akka-port", "0", .. extra],
            epmdPort, alive);
        nodes.Add(node);
        node.WaitForLine($"enet node {alive}@localhost up", TimeSpan.FromSeconds(60));
        return node;
    }

    /// <summary>The Akka address the "up" line ends with.</summary>
    private static string AkkaAddress(ErlangPeer node)
    {
        var up = node.WaitForLine(" up: ");
        return up[(up.IndexOf(", akka ", StringComparison.Ordinal) + ", akka ".Length)..];
    }

    private static string WriteConfig(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"enet-node-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, text);
        return path;
    }
}
