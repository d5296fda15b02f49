using System.CommandLine;
using Enet.Codecs.Capture;
using Enet.Codecs.Frames;

namespace Enet.Host.Commands;

/// <summary>
/// `enet crtest FILE [--out BROKEN.pcap] [--json] [--count N] [--protocol P]... [--progress]`: decodes and re-emits
/// every frame (every matching one with --protocol) and reports the ones that do not come back byte for byte.
/// Exit codes: 0 all good, 1 unreadable file, 3 broken frames found.
/// </summary>
public static class CrTestCommand
{
    public const int BrokenFramesExitCode = 3;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "a pcap or pcapng capture" };
        var output = new Option<FileInfo?>("--out") { Description = "write the frames that do not round-trip to this pcap file" };
        var json = new Option<bool>("--json") { Description = "end with one JSON line of counts" };
        var filters = new CaptureFilterOptions();
        var command = new Command("crtest", "Codec round-trip test: decode and re-emit every frame of a capture") { file, output, json };
        filters.AddTo(command);
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(output), parse.GetValue(json), parse.GetValue(filters.Count),
            filters.Filter(parse), CaptureProgress.Wanted(parse.GetValue(filters.Progress)),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(FileInfo file, FileInfo? brokenFile, bool json, long? count, ProtocolFilter filter, bool showProgress,
        TextWriter output, TextWriter error)
    {
        if (!CaptureSource.TryOpen(file, error, out var reader, out var stream))
            return 1;
        using var _ = reader;
        var progress = new CaptureProgress(file, stream, error, showProgress);
        long read = 0;
        var failed = false;
        long frames = 0, decoded = 0, roundTripped = 0, broken = 0, errors = 0;
        PcapWriter? writer = null;
        try
        {
            foreach (var packet in CaptureSource.Packets(reader, file, error, () => failed = true))
            {
                if (count is { } limit && frames >= limit)
                    break;
                progress.Frame(++read);
                var outcome = FrameRoundTrip.Check(packet.Data.Span, packet.LinkType, out var frame);
                if (!filter.Matches(frame))
                    continue;
                frames++;
                switch (outcome)
                {
                    case RoundTripOutcome.RoundTripped:
                        decoded++;
                        roundTripped++;
                        break;
                    case RoundTripOutcome.Broken:
                        decoded++;
                        broken++;
                        output.WriteLine($"frame {read}: does not round-trip: {FrameSummary.Format(frame)}");
                        if (brokenFile is not null)
                        {
                            writer ??= new PcapWriter(brokenFile.Create(), packet.LinkType);
                            writer.Write(packet);
                        }
                        break;
                    default:
                        errors++;
                        break;
                }
            }
        }
        finally
        {
            writer?.Dispose();
        }
        progress.Finish(read);
        output.WriteLine(json
            ? $$"""{"frames":{{frames}},"decoded":{{decoded}},"roundTripped":{{roundTripped}},"broken":{{broken}},"errors":{{errors}}}"""
            : $"frames {frames}, decoded {decoded}, round-tripped {roundTripped}, broken {broken}, decode errors {errors}");
        return failed ? 1 : broken > 0 ? BrokenFramesExitCode : 0;
    }
}
