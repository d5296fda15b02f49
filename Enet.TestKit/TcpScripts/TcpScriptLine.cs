using System.Globalization;
using Enet.Codecs;

namespace Enet.TestKit.TcpScripts;

/// <summary>
/// One line of a TCP script, in packetdrill's form: a time (<c>+0.2</c> after the line before, <c>1.5</c> from the
/// start), then a segment in (<c>&lt;</c>) or out (<c>&gt;</c>): flags (<c>S F R P .</c>, <c>.</c> being ACK),
/// <c>start:end(length)</c> relative to the sender's initial sequence number, <c>ack N</c>, <c>win N</c> and options
/// (<c>&lt;mss 1460,nop,wscale 7,sackOK,TS val 100 ecr 0,sack 1001:2001&gt;</c>); or a user call: <c>connect</c>, <c>write N</c>, <c>close</c>,
/// <c>confirmed-close</c>, <c>abort</c>, <c>suspend</c>, <c>resume</c>, or <c>quiet</c> (time passes, nothing may be
/// sent). A segment out checks <c>win</c> and options only when the line gives them.
/// </summary>
public sealed record TcpScriptLine(int Number, string Text, TimeSpan? At, TimeSpan After, char Direction, TcpFlags Flags,
    uint Start, int Length, uint? Ack, ushort? Window, IReadOnlyList<(string Name, long Value)>? Options, string? Call, int Argument)
{
    public static IEnumerable<TcpScriptLine> Parse(string script)
    {
        var number = 0;
        foreach (var raw in script.Split('\n'))
        {
            number++;
            var text = raw.Split("//")[0].Trim();
            if (text.Length > 0)
                yield return ParseLine(number, text);
        }
    }

    private static TcpScriptLine ParseLine(int number, string text)
    {
        // Options are the last <...>, after the direction and the flags.
        var optionsStart = text.LastIndexOf('<');
        IReadOnlyList<(string, long)>? options = null;
        var head = text;
        if (text.EndsWith('>') && optionsStart > text.IndexOf(' ') + 2)
        {
            options = ParseOptions(text[(optionsStart + 1)..^1]);
            head = text[..optionsStart];
        }
        var words = head.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        TimeSpan? at = null;
        var after = TimeSpan.Zero;
        var time = words[0];
        if (time.StartsWith('+'))
            after = Seconds(time[1..]);
        else
            at = Seconds(time);
        if (words.Length > 1 && words[1] is "<" or ">")
            return ParseSegment(number, text, at, after, words, options);
        if (words.Length < 2)
            throw new TcpScriptException(number, text, "a time and then a segment or a call");
        var argument = words.Length > 2 ? int.Parse(words[2], CultureInfo.InvariantCulture) : 0;
        return new TcpScriptLine(number, text, at, after, ' ', TcpFlags.None, 0, 0, null, null, null, words[1], argument);
    }

    private static TcpScriptLine ParseSegment(int number, string text, TimeSpan? at, TimeSpan after, string[] words,
        IReadOnlyList<(string, long)>? options)
    {
        var flags = TcpFlags.None;
        foreach (var c in words[2])
            flags |= c switch
            {
                'S' => TcpFlags.Syn,
                'F' => TcpFlags.Fin,
                'R' => TcpFlags.Rst,
                'P' => TcpFlags.Psh,
                '.' => TcpFlags.Ack,
                _ => throw new TcpScriptException(number, text, $"flag '{c}'"),
            };
        // start:end(length)
        var range = words[3];
        var colon = range.IndexOf(':');
        var open = range.IndexOf('(');
        var start = uint.Parse(range[..colon], CultureInfo.InvariantCulture);
        var length = int.Parse(range[(open + 1)..^1], CultureInfo.InvariantCulture);
        uint? ack = null;
        ushort? window = null;
        for (var i = 4; i + 1 < words.Length; i += 2)
            switch (words[i])
            {
                case "ack":
                    ack = uint.Parse(words[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "win":
                    window = ushort.Parse(words[i + 1], CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new TcpScriptException(number, text, $"'{words[i]}'");
            }
        return new TcpScriptLine(number, text, at, after, words[1][0], flags, start, length, ack, window, options, null, 0);
    }

    /// <summary><c>mss N</c>, <c>wscale N</c>, <c>nop</c>, <c>sackOK</c>, <c>TS val N ecr N</c> (read as TSval and
    /// TSecr), <c>sack L:R L:R</c> (one entry per block, left edge in the high 32 bits).</summary>
    private static List<(string, long)> ParseOptions(string text)
    {
        var options = new List<(string, long)>();
        foreach (var option in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = option.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts is ["sack", ..])
            {
                // Blocks left:right relative to the data sender's ISN, packed in one value each.
                foreach (var block in parts[1..])
                {
                    var edges = block.Split(':');
                    options.Add(("sack", (long)uint.Parse(edges[0], CultureInfo.InvariantCulture) << 32 |
                        uint.Parse(edges[1], CultureInfo.InvariantCulture)));
                }
            }
            else if (parts is ["TS", "val", var value, "ecr", var echo])
            {
                options.Add(("TSval", long.Parse(value, CultureInfo.InvariantCulture)));
                options.Add(("TSecr", long.Parse(echo, CultureInfo.InvariantCulture)));
            }
            else
                options.Add((parts[0], parts.Length > 1 ? long.Parse(parts[1], CultureInfo.InvariantCulture) : 0));
        }
        return options;
    }

    private static TimeSpan Seconds(string text) =>
        TimeSpan.FromTicks((long)Math.Round(double.Parse(text, CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond));
}
