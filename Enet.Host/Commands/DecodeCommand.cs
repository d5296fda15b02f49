using System.CommandLine;
using Enet.Codecs.Frames;

namespace Enet.Host.Commands;

/// <summary>`enet decode FILE [--json] [--count N]`: one summary line, or one JSON object, per frame.</summary>
public static class DecodeCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "a pcap or pcapng capture" };
        var json = new Option<bool>("--json") { Description = "print one JSON object per frame, every decoded field" };
        var count = new Option<int?>("--count") { Description = "stop after this many frames" };
        var command = new Command("decode", "Decode every frame of a capture file") { file, json, count };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(json), parse.GetValue(count),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(FileInfo file, bool json, int? count, TextWriter output, TextWriter error)
    {
        if (!CaptureSource.TryOpen(file, error, out var reader))
            return 1;
        using var _ = reader;
        var failed = false;
        long number = 0;
        foreach (var packet in CaptureSource.Packets(reader, file, error, () => failed = true))
        {
            if (count is { } limit && number >= limit)
                break;
            number++;
            var frame = FrameDecoder.Decode(packet.Data.Span, packet.LinkType);
            output.WriteLine(json
                ? FrameJson.ToJson(frame, number, packet.TimestampNanoseconds)
                : $"{packet.Timestamp.UtcDateTime:HH:mm:ss.ffffff} {FrameSummary.Format(frame)}");
        }
        return failed ? 1 : 0;
    }
}
