using Enet.Codecs.Capture;
using Enet.Codecs.Frames;

namespace Enet.Host.Demo;

/// <summary>
/// Prints every frame put on the demo's wire as one line, as the dumper does (time since the start, the
/// sending host, the frame's tcpdump-like summary), marking those the fault injector lost, and counts them.
/// Interfaces send from their own threads, so printing and counting take a lock.
/// </summary>
internal sealed class WireTrace(TextWriter output)
{
    private readonly Lock gate = new();
    private readonly DateTimeOffset start = DateTimeOffset.UtcNow;

    public long Frames { get; private set; }

    public long Lost { get; private set; }

    public void Record(string sender, ReadOnlySpan<byte> frame, bool lost)
    {
        var summary = FrameSummary.Format(FrameDecoder.Decode(frame, LinkType.Ethernet));
        var elapsed = DateTimeOffset.UtcNow - start;
        lock (gate)
        {
            Frames++;
            if (lost)
                Lost++;
            output.WriteLine($"{elapsed.TotalSeconds,10:0.000000} {sender} > {summary}{(lost ? "  [lost on the wire]" : "")}");
        }
    }

    /// <summary>Writes a line of the demo's own between frame lines, never inside one.</summary>
    public void Say(string line)
    {
        lock (gate)
            output.WriteLine(line);
    }
}
