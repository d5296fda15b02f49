using Enet.Codecs.Capture;
using Enet.Codecs.Frames;

namespace Enet.Host.Demo;

/// <summary>
/// Prints every frame put on the demo's wire as one line, as the dumper does (time since the start, the
/// sending host, the frame's tcpdump-like summary), marking those the fault injector lost, and counts them.
/// Interfaces send from their own threads, so printing and counting take a lock. <see cref="Stop"/> ends the trace
/// before the summary is printed, so the counts and the lines agree although TCP's last ACKs may still be on the way.
/// </summary>
internal sealed class WireTrace(TextWriter output)
{
    private readonly Lock gate = new();
    private readonly DateTimeOffset start = DateTimeOffset.UtcNow;
    private bool stopped;

    public long Frames { get; private set; }

    public long Lost { get; private set; }

    public void Record(string sender, ReadOnlySpan<byte> frame, bool lost)
    {
        var summary = FrameSummary.Format(FrameDecoder.Decode(frame, LinkType.Ethernet));
        var elapsed = DateTimeOffset.UtcNow - start;
        lock (gate)
        {
            if (stopped)
                return;
            Frames++;
            if (lost)
                Lost++;
            output.WriteLine($"{elapsed.TotalSeconds,10:0.000000} {sender} > {summary}{(lost ? "  [lost on the wire]" : "")}");
        }
    }

    /// <summary>Frames from now on are neither printed nor counted.</summary>
    public void Stop()
    {
        lock (gate)
            stopped = true;
    }

    /// <summary>Writes a line of the demo's own between frame lines, never inside one.</summary>
    public void Say(string line)
    {
        lock (gate)
            output.WriteLine(line);
    }
}
