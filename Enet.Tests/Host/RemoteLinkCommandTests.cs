using Enet.Tests.Remote;
using Enet.Tests.Tap;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Host;

/// <summary>Two `enet` processes on one virtual Ethernet segment over Akka.Remote (link = remote), loopback only.</summary>
public sealed class RemoteLinkCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("enet-remote-link-").FullName;
    private ErlangPeer? running;

    /// <summary>A node's configuration: its Akka.Remote port and one host on segment lan with the other node as peer.</summary>
    public static string NodeConfig(int port, int peerPort, string host, int number) =>
        RemoteNodes.Config(port) + $$"""

        enet.hosts.{{host}}.interfaces.eth0 {
          link = remote
          segment = "lan"
          peers = ["akka.tcp://enet@127.0.0.1:{{peerPort}}"]
          mac = "02:00:00:00:00:0{{number}}"
          ipv4 = ["192.0.2.{{number}}/24"]
        }
        """;

    [Fact]
    public void Enet_ping_from_one_process_gets_three_replies_from_enet_run_in_another()
    {
        var portA = ErlangPeer.FreePort();
        var portB = ErlangPeer.FreePort();
        var a = Write("a.conf", NodeConfig(portA, portB, "h1", 1));
        var b = Write("b.conf", NodeConfig(portB, portA, "h2", 2));
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? TestEnvironment.FindTool("dotnet") ?? "dotnet";
        // ErlangPeer runs any program and reads its lines; the EPMD port it sets means nothing to enet run.
        running = ErlangPeer.StartProgram(dotnet, [Path.Combine(AppContext.BaseDirectory, "enet.dll"), "run", "--config", a], 0, "enet-run");
        running.WaitForLine("h1: eth0 up (remote", TimeSpan.FromSeconds(60));

        var ping = EnetCommand.Run("ping", "192.0.2.1", "--config", b, "--count", "3");
        output.WriteLine(ping.Output + ping.Error);
        Assert.Equal(0, ping.ExitCode);
        Assert.Contains("3 packets transmitted, 3 received", ping.Output);
        Assert.Equal(3, ping.Output.Split('\n').Count(l => l.StartsWith("64 bytes from 192.0.2.1: icmp_seq=", StringComparison.Ordinal)));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        if (running is not null)
        {
            output.WriteLine("--- enet run:\n" + string.Join("\n", running.Seen));
            running.Dispose();
        }
        Directory.Delete(directory, recursive: true);
    }
}
