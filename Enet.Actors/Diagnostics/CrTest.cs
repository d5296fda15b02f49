using Enet.Actors.FrameBus;
using Enet.Actors.Interface;
using Enet.Codecs.Capture;
using Enet.Codecs.Frames;
using Akka.Actor;
using Akka.Event;

namespace Enet.Actors.Diagnostics;

/// <summary>
/// The live codec round-trip tester (ENet's enet_if_crtest, which only caught exceptions; this one compares
/// bytes): decodes and re-emits every frame of an interface. A frame that decodes but comes back different is
/// appended to a breakage pcap, so it can be replayed, and to a text trace showing both decodings and where
/// the bytes first differ.
/// </summary>
public sealed class CrTest : ReceiveActor
{
    private readonly IActorRef iface;
    private readonly string breakagePath;
    private readonly RoundTripCheck check;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private PcapWriter? breakage;
    private long checkedFrames, roundTripped, broken, decodeErrors;

    public CrTest(IActorRef iface, string breakagePath, RoundTripCheck check)
    {
        this.iface = iface;
        this.breakagePath = breakagePath;
        this.check = check;
        Receive<Eth.Subscribed>(_ => { });
        Receive<FramesReady>(ready => ready.Subscription.Drain(Check));
        Receive<GetReport>(_ => Sender.Tell(new Report(checkedFrames, roundTripped, broken, decodeErrors), Self));
    }

    /// <summary>Broken frames go to <paramref name="breakagePath"/> (a pcap) and their traces to the same name with ".txt".</summary>
    public static Props Props(IActorRef iface, string breakagePath, RoundTripCheck? check = null) =>
        ActorProps.Create(() => new CrTest(iface, breakagePath, check ?? FrameRoundTrip.Check));

    private string TracePath => Path.ChangeExtension(breakagePath, ".txt");

    protected override void PreStart() => iface.Tell(new Eth.Subscribe(FrameClassifier.All), Self);

    protected override void PostStop() => breakage?.Dispose();

    private void Check(BusFrame frame)
    {
        checkedFrames++;
        switch (check(frame.Span, LinkType.Ethernet, out var decoded))
        {
            case RoundTripOutcome.RoundTripped:
                roundTripped++;
                break;
            case RoundTripOutcome.DecodeError:
                decodeErrors++;
                break;
            case RoundTripOutcome.Broken:
                broken++;
                Record(frame, decoded);
                break;
        }
    }

    private void Record(BusFrame frame, Frame decoded)
    {
        breakage ??= new PcapWriter(new FileStream(breakagePath, FileMode.Create, FileAccess.Write, FileShare.Read), LinkType.Ethernet);
        breakage.Write(frame.TimestampNanoseconds, frame.Span);
        breakage.Flush();
        var original = frame.Span;
        var reencoded = decoded.ToArray();
        var common = Math.Min(original.Length, reencoded.Length);
        var differsAt = original[..common].CommonPrefixLength(reencoded.AsSpan(0, common));
        File.AppendAllText(TracePath, $"""
            frame {checkedFrames} on {frame.Interface} ({frame.Direction}) does not round-trip; first difference at byte {differsAt}
              original   ({original.Length} bytes): {FrameSummary.Format(FrameDecoder.Decode(original, LinkType.Ethernet))}
                {Convert.ToHexStringLower(original)}
                {FrameJson.ToJson(decoded)}
              re-emitted ({reencoded.Length} bytes): {FrameSummary.Format(FrameDecoder.Decode(reencoded, LinkType.Ethernet))}
                {Convert.ToHexStringLower(reencoded)}
                {FrameJson.ToJson(FrameDecoder.Decode(reencoded, LinkType.Ethernet))}

            """);
        log.Warning("{Interface}: frame {Number} does not round-trip (byte {Offset}); saved to {Path}", frame.Interface, checkedFrames, differsAt, breakagePath);
    }

    public sealed record GetReport
    {
        public static GetReport Instance { get; } = new();
    }

    public sealed record Report(long Checked, long RoundTripped, long Broken, long DecodeErrors);
}
