using Akka.TestKit;
using Enet.TestKit;
using Enet.Actors.Arp;
using Enet.Actors.Hosting;
using Enet.Actors.Interface;
using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;
using Akka.Event;
using Enet.Tap;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Actors;


/// <summary>Every capture of the tcpdump corpus replayed as received traffic through a host's stack with the
/// dumper, crtest and a capture attached: whatever
/// the bytes, no actor may fail. A file the reader cannot finish fails its link, which is reported, not a crash.</summary>
public sealed class PcapReplayTests(ITestOutputHelper output) : EnetTestKit
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    [SkippableFact]
    public async Task Replaying_the_corpus_through_a_host_crashes_no_actor()
    {
        TestEnvironment.Require(Directory.Exists(TestEnvironment.TcpdumpCorpus), $"the tcpdump corpus at {TestEnvironment.TcpdumpCorpus}");
        var errors = CreateTestProbe();
        Sys.EventStream.Subscribe(errors.Ref, typeof(Error));
        ILink? current = null;
        using var links = new LinkFactory { Wrap = (_, link) => current = link };
        var files = Directory.EnumerateFiles(TestEnvironment.TcpdumpCorpus).Where(f => f.EndsWith(".pcap") || f.EndsWith(".pcapng")).Order().ToList();
        var captures = Directory.CreateTempSubdirectory("enet-replay-").FullName;
        var failedLinks = 0;
        long frames = 0, skipped = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var settings = new HostSettings($"h{i}", [new InterfaceSettings("eth0", "pcap", MacAddress.Parse("02:00:00:aa:bb:cc"))
            {
                Path = files[i],
                Ipv4 = [Ipv4Cidr.Parse("10.0.0.1/8")],
            }]) { Services = ["arp", "icmp", "dump", "crtest"], Capture = Path.Combine(captures, $"h{i}.pcapng") };
            var host = await HostStarter.StartAsync(Sys, settings, s => links.InterfaceProps(s, settings.SubscriberQueue), DiagnosticServices.All);
            var stack = host.Interfaces["eth0"];
            try
            {
                await current!.Completion.WaitAsync(Settle);
            }
            catch (InvalidDataException)
            {
                failedLinks++;
            }
            frames += current!.Counters.FramesReceived;
            skipped += ((PcapReplayLink)current).SkippedPackets;
            await stack.Arp!.Ask<Arp.Table>(Arp.GetTable.Instance, Settle);
            await stack.Ipv4!.Ask<Ipv4.Statistics>(Ipv4.GetStatistics.Instance, Settle);
            while (errors.ReceiveOne(TimeSpan.Zero) is Error error)
                Assert.True(error.Cause is LinkFailedException, $"{Path.GetFileName(files[i])}: {error.Message} {error.Cause}");
            Sys.Stop(host.Host);
        }
        Directory.Delete(captures, recursive: true);
        output.WriteLine($"{files.Count} captures, {frames} frames replayed, {skipped} packets of link types Ethernet cannot carry skipped, {failedLinks} captures ended with a read error");
        // Every packet read is either played or counted as skipped.
        Assert.True(frames + skipped > 10_000);
        Assert.True(frames > 9_000);
    }
}
