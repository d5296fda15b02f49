using System.Diagnostics;

namespace Enet.Host.Commands;

/// <summary>
/// "\rFILE: 42% (123456 frames)" on stderr while a large capture is read, at most five times a second, and a
/// last line at the end. Off unless asked for (--progress) or stderr is a terminal, so pipes and logs stay clean.
/// </summary>
internal sealed class CaptureProgress(FileInfo file, Stream stream, TextWriter error, bool enabled)
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(200);

    private readonly long length = Math.Max(1, file.Length);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan last;

    public static bool Wanted(bool asked) => asked || !Console.IsErrorRedirected;

    public void Frame(long frames)
    {
        // Reading the clock costs more than a frame's bookkeeping: look every 256 frames.
        if (!enabled || (frames & 0xFF) != 0 || clock.Elapsed - last < Period)
            return;
        last = clock.Elapsed;
        error.Write($"\r{file.Name}: {Math.Min(100, 100 * stream.Position / length)}% ({frames} frames)");
    }

    public void Finish(long frames)
    {
        if (enabled)
            error.WriteLine($"\r{file.Name}: {Math.Min(100, 100 * stream.Position / length)}% ({frames} frames) in {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
