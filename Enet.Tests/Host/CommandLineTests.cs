using System.Runtime.Versioning;
using Enet.Tests.Remote;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Host;

/// <summary>`enet run` and `enet config` as the built binary, and the errors every verb reports in one line:
/// a missing file, a bad configuration with file:line:column, permission denied (run as nobody).</summary>
[SupportedOSPlatform("linux")]
public sealed class CommandLineTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = CreateDirectory();

    private static string WireConfig => Path.Combine(TestEnvironment.RepositoryRoot, "examples", "wire.conf");

    private static string CreateDirectory()
    {
        var path = Directory.CreateTempSubdirectory("enet-cli-").FullName;
        // World-readable, so the tests that run enet as nobody can reach the files meant for them.
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Run_starts_the_configured_hosts_and_stops_cleanly_with_exit_0_on_ctrl_c()
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? TestEnvironment.FindTool("dotnet") ?? "dotnet";
        using var enet = ErlangPeer.StartProgram(dotnet, [Path.Combine(AppContext.BaseDirectory, "enet.dll"), "run", "--config", WireConfig],
            epmdPort: 0, alive: "enet run");
        try
        {
            // SIGINT is what Ctrl-C sends; only once both hosts are up (a fixed delay lost to a slow start-up under load).
            Assert.Contains("h1: eth0 up (wire lan), 02:00:00:00:00:01 192.0.2.1/24, services arp,icmp", enet.WaitForLine("h1: eth0 up", TimeSpan.FromSeconds(30)));
            Assert.Contains("h2: eth0 up (wire lan), 02:00:00:00:00:02 192.0.2.2/24, services arp,icmp", enet.WaitForLine("h2: eth0 up", TimeSpan.FromSeconds(30)));
            enet.Signal("INT");
            Assert.Equal(0, enet.WaitForExit(TimeSpan.FromSeconds(30)));
            enet.WaitForLine("stopping");
        }
        finally
        {
            output.WriteLine(string.Join("\n", enet.Seen));
        }
    }

    [Fact]
    public void Run_with_a_missing_configuration_file_is_one_line_and_exit_2()
    {
        var missing = Path.Combine(directory, "absent.conf");
        var result = EnetCommand.Run("run", "--config", missing);
        Assert.Equal((2, $"enet run: {missing}: no such file"), (result.ExitCode, result.Error.Trim()));
    }

    [Fact]
    public void Run_with_a_directory_for_a_configuration_file_says_so_and_exits_2()
    {
        var result = EnetCommand.Run("run", "--config", directory);
        Assert.Equal((2, $"enet run: {directory}: is a directory, not a configuration file"), (result.ExitCode, result.Error.Trim()));
    }

    [Fact]
    public void Run_with_a_configuration_that_does_not_resolve_names_the_place_once()
    {
        var file = Write("bad.conf", "enet.hosts.h1 {\n  interfaces.e { mac = ${nope} }\n}\n");
        var result = EnetCommand.Run("run", "--config", file);
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"enet run: {file}:2:24: substitution ${{nope}} is not defined", line);
    }

    [Fact]
    public void Run_with_an_unknown_service_is_one_line_and_exit_2()
    {
        var file = Write("service.conf", File.ReadAllText(WireConfig) + "\nenet.hosts.h1.services = [arp, teleport]\n");
        var result = EnetCommand.Run("run", "--config", file);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("enet run: host h1: unknown service(s) teleport", Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void Config_prints_the_file_resolved_as_json_and_a_broken_one_in_one_line()
    {
        var good = EnetCommand.Run("config", WireConfig);
        Assert.Equal(0, good.ExitCode);
        Assert.Contains("\"device\": \"lan\"", good.Output);
        var bad = EnetCommand.Run("config", Write("broken.conf", "a = [1, 2\n"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Single(bad.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(Path.Combine(directory, "broken.conf") + ":", bad.Error);
    }

    [SkippableFact]
    public void Run_without_root_says_a_tap_device_needs_root_and_exits_1()
    {
        var result = AsNobody("run", "--config", Write("tap.conf", File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "examples", "tap.conf"))));
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("enet run: opening a TAP device needs root (or CAP_NET_ADMIN): tap enet0: ", line);
    }

    [SkippableFact]
    public void Decode_of_a_capture_it_may_not_read_says_so_in_one_line_and_exits_1()
    {
        var secret = Write("secret.pcap", "");
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var result = AsNobody("decode", secret);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"enet: cannot read {secret}: Access to the path '{secret}' is denied.", result.Error.Trim());
    }

    /// <summary>Runs enet as the unprivileged user nobody (setpriv), as someone without root would; skips the test
    /// when this process cannot switch users.</summary>
    private ExternalProcess.Result AsNobody(params string[] arguments)
    {
        var setpriv = TestEnvironment.FindTool("setpriv");
        TestEnvironment.Require(Environment.IsPrivilegedProcess && setpriv is not null, "root and setpriv (util-linux) to run enet as nobody");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? TestEnvironment.FindTool("dotnet") ?? "dotnet";
        var result = ExternalProcess.Run(setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", "--", dotnet,
            Path.Combine(CopyOfTheBinaries(), "enet.dll"), .. arguments], TimeSpan.FromSeconds(60));
        output.WriteLine(result.Output + result.Error);
        return result;
    }

    /// <summary>
    /// The built binaries copied into the world-readable test directory, readable by all whatever the umask: nobody
    /// may not enter the checkout (a clone under `mktemp -d` is mode 700), and enet must fail for the reason the test
    /// is about, not for want of its own dll.
    /// </summary>
    private string CopyOfTheBinaries()
    {
        var source = AppContext.BaseDirectory;
        var copy = Path.Combine(directory, "bin");
        foreach (var folder in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories).Prepend(source))
            File.SetUnixFileMode(Directory.CreateDirectory(Path.Combine(copy, Path.GetRelativePath(source, folder))).FullName, (UnixFileMode)0b111_101_101);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(source, file));
            File.Copy(file, target);
            File.SetUnixFileMode(target, (UnixFileMode)0b110_100_100);
        }
        return copy;
    }
}
