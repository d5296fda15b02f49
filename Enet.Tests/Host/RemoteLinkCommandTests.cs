using System.Globalization;
using Enet.Tests.Remote;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Host;

/// <summary>Two `enet` processes on one virtual Ethernet segment over Akka.Remote (link = remote), loopback only.</summary>
public sealed class RemoteLinkCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("enet-remote-link-").FullName;
    private ErlangPeer? running;

    /// <summary>README's two commands: A runs until stopped, B pings it.</summary>
    public const string ReadmeRun = "enet run --config examples/remote-a.conf";
    public const string ReadmePing = "enet ping 192.0.2.1 --config examples/remote-b.conf --count 3";

    /// <summary>examples/remote-a.conf or remote-b.conf with their Akka.Remote ports (25530 for A, 25531 for B) moved to
    /// free ones, so the test meets no other process on this machine.</summary>
    public static string ExampleConfig(string file, int portA, int portB) =>
        File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "examples", file))
            .Replace("25530", portA.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("25531", portB.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    [Fact]
    public void Readme_enet_ping_from_one_process_gets_three_replies_from_enet_run_in_another()
    {
        Assert.Contains(ReadmeRun, ReadmeTests.Commands());
        Assert.Contains(ReadmePing, ReadmeTests.Commands());
        var portA = ErlangPeer.FreePort();
        var portB = ErlangPeer.FreePort();
        var a = Write("a.conf", ExampleConfig("remote-a.conf", portA, portB));
        var b = Write("b.conf", ExampleConfig("remote-b.conf", portA, portB));
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
