using System.CommandLine;
using Enet.Host.Commands;
using Enet.Tests.Tap;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Host;

/// <summary>`enet run --config FILE` with the example host, on a TAP device inside a throw-away namespace.</summary>
[Collection(KernelInteropCollection.Name)]
public sealed class RunCommandTapTests(ITestOutputHelper output)
{
    private const string Config = """
        {
          "enet": {
            "hosts": {
              "h1": {
                "interfaces": {
                  "tap0": {
                    "link": "tap",
                    "device": "enet0",
                    "namespace": "NAMESPACE",
                    "mac": "02:00:00:aa:bb:cc",
                    "ipv4": ["192.0.2.2/24"],
                    "os-ipv4": "192.0.2.1/24"
                  }
                },
                "services": ["arp", "icmp"],
                "capture": "CAPTURE"
              }
            }
          }
        }
        """;

    [SkippableFact]
    public async Task Run_answers_linux_ping_until_cancelled()
    {
        TestEnvironment.Require(TestNamespace.Available, TestNamespace.Requirement);
        TestEnvironment.RequireTool("ping", "iputils-ping");
        using var ns = TestNamespace.Create();
        var file = Path.Combine(Path.GetTempPath(), $"enet-run-{Guid.NewGuid():N}.json");
        var capture = Path.ChangeExtension(file, ".pcapng");
        File.WriteAllText(file, Config.Replace("NAMESPACE", ns.Name).Replace("CAPTURE", capture));
        using var stop = new CancellationTokenSource();
        try
        {
            var root = new RootCommand { RunCommand.Create() };
            var run = root.Parse(["run", "--config", file]).InvokeAsync(cancellationToken: stop.Token);
            ExternalProcess.Result ping;
            var attempts = 0;
            // The first attempt may race the host's start; a started host answers every ping.
            do
            {
                // On a thread of its own, so the blocking wait takes no pool thread from the actors.
                ping = await Task.Factory.StartNew(() => ExternalProcess.Run("ip", ["netns", "exec", ns.Name, "ping", "-c", "3", "-W", "1", "-i", "0.2", "192.0.2.2"],
                    TimeSpan.FromSeconds(20)), TaskCreationOptions.LongRunning);
                output.WriteLine(ping.Output + ping.Error);
            }
            while (!ping.Output.Contains("3 received") && ++attempts < 5 && !run.IsCompleted);
            stop.Cancel();
            Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Contains("3 packets transmitted, 3 received", ping.Output);
            Assert.True(new FileInfo(capture).Length > 0);
        }
        finally
        {
            File.Delete(file);
            File.Delete(capture);
        }
    }
}
