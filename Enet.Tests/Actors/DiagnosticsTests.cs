using Enet.TestKit;
using Enet.Actors.Diagnostics;
using Enet.Actors.Interface;
using Enet.Codecs;
using Enet.Codecs.Capture;
using Enet.Codecs.Frames;
using Akka.Actor;
using Xunit;

namespace Enet.Tests.Actors;


public sealed class DiagnosticsTests : EnetTestKit
{
    private readonly TestFrames.RecordingLink link = new();
    private readonly string breakage = Path.Combine(Path.GetTempPath(), $"enet-crtest-{Guid.NewGuid():N}.pcap");
    private readonly IActorRef eth;

    public DiagnosticsTests() => eth = Sys.ActorOf(EthInterface.Props(new EthInterfaceSettings("eth0", TestFrames.HostA), link), "eth0");

    private void AwaitSubscribed()
    {
        AwaitAssert(() =>
        {
            eth.Tell(Eth.GetInfo.Instance, TestActor);
            Assert.NotEmpty(ExpectMsg<Eth.Info>().Subscriptions);
        });
    }

    private static byte[] ArpRequest() =>
        TestFrames.Arp(MacAddress.Broadcast, ArpMessage.Request(TestFrames.HostA, new(10, 0, 0, 1), new(10, 0, 0, 2)));

    [Fact]
    public void Dumper_logs_one_tcpdump_like_line_per_frame()
    {
        Sys.ActorOf(Dumper.Props(eth), "dump");
        AwaitSubscribed();
        EventFilter.Info(contains: "eth0 > ARP, Request who-has 10.0.0.2 tell 10.0.0.1").ExpectOne(() =>
            eth.Tell(new Eth.TransmitFrame(ArpRequest()), TestActor));
    }

    [Fact]
    public void CrTest_counts_frames_that_round_trip_and_writes_nothing()
    {
        var crtest = Sys.ActorOf(CrTest.Props(eth, breakage), "crtest");
        AwaitSubscribed();
        eth.Tell(new Eth.TransmitFrame(ArpRequest()), TestActor);
        AwaitAssert(() =>
        {
            crtest.Tell(CrTest.GetReport.Instance, TestActor);
            Assert.Equal(new CrTest.Report(1, 1, 0, 0), ExpectMsg<CrTest.Report>());
        });
        Assert.False(File.Exists(breakage));
    }

    [Fact]
    public void CrTest_writes_the_original_frame_and_a_trace_of_both_decodings_when_a_frame_does_not_round_trip()
    {
        // A codec bug stand-in: the "decoded" frame re-emits with the ARP target changed.
        var wrong = TestFrames.Arp(MacAddress.Broadcast, ArpMessage.Request(TestFrames.HostA, new(10, 0, 0, 1), new(10, 0, 0, 9)));
        RoundTripCheck buggy = (ReadOnlySpan<byte> bytes, LinkType linkType, out Frame frame) =>
        {
            frame = FrameDecoder.Decode(wrong, linkType);
            return RoundTripOutcome.Broken;
        };
        var crtest = Sys.ActorOf(CrTest.Props(eth, breakage, buggy), "crtest");
        AwaitSubscribed();
        var original = ArpRequest();
        EventFilter.Warning(contains: "does not round-trip (byte 41)").ExpectOne(() => eth.Tell(new Eth.TransmitFrame(original), TestActor));
        crtest.Tell(CrTest.GetReport.Instance, TestActor);
        Assert.Equal(new CrTest.Report(1, 0, 1, 0), ExpectMsg<CrTest.Report>());
        using (var saved = CaptureFile.Open(breakage))
        {
            Assert.True(saved.TryReadNext(out var packet, out _));
            Assert.Equal(original, packet.Data.ToArray());
        }
        var trace = File.ReadAllText(Path.ChangeExtension(breakage, ".txt"));
        Assert.Contains("first difference at byte 41", trace);
        Assert.Contains("ARP, Request who-has 10.0.0.2 tell 10.0.0.1", trace);
        Assert.Contains("ARP, Request who-has 10.0.0.9 tell 10.0.0.1", trace);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        File.Delete(breakage);
        File.Delete(Path.ChangeExtension(breakage, ".txt"));
    }
}
