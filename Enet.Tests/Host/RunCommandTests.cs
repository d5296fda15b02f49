using Enet.Actors.Hosting;
using Enet.Codecs;
using Enet.Codecs.Capture;
using Enet.Host.Commands;
using Xunit;

namespace Enet.Tests.Host;

[Collection(SerilogLoggerCollection.Name)]
public sealed class RunCommandTests : IDisposable
{
    private readonly string capture = Path.Combine(Path.GetTempPath(), $"enet-run-{Guid.NewGuid():N}.pcapng");

    private static HostSettings Replay(string file, IReadOnlyList<string> services, string? capture) =>
        new("h1", [new InterfaceSettings("eth0", "pcap", MacAddress.Parse("02:00:00:aa:bb:cc")) { Path = file }])
        {
            Services = services,
            Capture = capture,
        };

    [SkippableFact]
    public async Task Run_replays_a_capture_through_the_host_until_stopped_and_shuts_down_cleanly()
    {
        var corpus = Path.Combine(TestEnvironment.TcpdumpCorpus, "HSRP_election.pcap");
        TestEnvironment.Require(File.Exists(corpus), $"the tcpdump corpus at {TestEnvironment.TcpdumpCorpus}");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var error = new StringWriter();
        Assert.Equal(0, await RunCommand.RunAsync([Replay(corpus, ["arp", "icmp"], capture)], error, stop.Token));
        Assert.Equal("", error.ToString());
        using var written = CaptureFile.Open(capture);
        var frames = 0;
        while (written.TryReadNext(out _, out _))
            frames++;
        Assert.Equal(49, frames);
    }

    [Fact]
    public async Task Unknown_service_is_a_configuration_error_in_one_line()
    {
        var error = new StringWriter();
        var code = await RunCommand.RunAsync([Replay("/nonexistent.pcap", ["arp", "teleport"], null)], error, CancellationToken.None);
        Assert.Equal(RunCommand.ConfigError, code);
        Assert.StartsWith("enet run: host h1: unknown service(s) teleport", error.ToString());
    }

    [Fact]
    public async Task No_hosts_is_a_configuration_error()
    {
        var error = new StringWriter();
        Assert.Equal(RunCommand.ConfigError, await RunCommand.RunAsync([], error, CancellationToken.None));
        Assert.Contains("no hosts", error.ToString());
    }

    public void Dispose() => File.Delete(capture);
}
