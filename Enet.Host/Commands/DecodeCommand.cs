using System.CommandLine;
using Enet.Codecs.Frames;

namespace Enet.Host.Commands;

/// <summary>`enet decode FILE [--json] [--count N] [--protocol P]... [--progress]`: one summary line, or one JSON
/// object, per frame (per matching frame with --protocol). Exit codes: 0, or 1 for an unreadable or damaged file.</summary>
public static class DecodeCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "a pcap or pcapng capture" };
        var json = new Option<bool>("--json") { Description = "print one JSON object per frame, every decoded field" };
        var filters = new CaptureFilterOptions();
        var command = new Command("decode", "Decode every frame of a capture file") { file, json };
        filters.AddTo(command);
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(json), parse.GetValue(filters.Count), filters.Filter(parse),
            CaptureProgress.Wanted(parse.GetValue(filters.Progress)), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(FileInfo file, bool json, long? count, ProtocolFilter filter, bool showProgress, TextWriter output, TextWriter error)
    {
        if (!CaptureSource.TryOpen(file, error, out var reader, out var stream))
            return 1;
        using var _ = reader;
        var progress = new CaptureProgress(file, stream, error, showProgress);
        var failed = false;
        long number = 0, printed = 0;
        foreach (var packet in CaptureSource.Packets(reader, file, error, () => failed = true))
        {
            if (count is { } limit && printed >= limit)
                break;
            number++;
            progress.Frame(number);
            var frame = FrameDecoder.Decode(packet.Data.Span, packet.LinkType);
            if (!filter.Matches(frame))
                continue;
            printed++;
            output.WriteLine(json
                ? FrameJson.ToJson(frame, number, packet.TimestampNanoseconds)
                : $"{packet.Timestamp.UtcDateTime:HH:mm:ss.ffffff} {FrameSummary.Format(frame)}");
        }
        progress.Finish(number);
        return failed ? 1 : 0;
    }
}
