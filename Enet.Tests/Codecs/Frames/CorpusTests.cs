using Enet.Codecs;
using Enet.Codecs.Capture;
using Enet.Codecs.Frames;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Codecs.Frames;

/// <summary>
/// Every capture of tcpdump's regression suite (830 files, many deliberately malformed): no exception
/// escapes, no file hangs, and every frame that decodes fully re-emits byte for byte.
/// </summary>
public class CorpusTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerFileLimit = TimeSpan.FromSeconds(20);

    [SkippableFact]
    public async Task Every_corpus_frame_decodes_without_exception_and_round_trips_when_it_decodes_fully()
    {
        TestEnvironment.Require(Directory.Exists(TestEnvironment.TcpdumpCorpus), TestEnvironment.TcpdumpCorpus);
        var files = Directory.GetFiles(TestEnvironment.TcpdumpCorpus).Where(IsCapture).Order().ToArray();
        var totals = new CorpusCounts();
        var broken = new List<string>();
        foreach (var file in files)
        {
            // A decoder that loops forever shows up as a TimeoutException naming no file, so name it here.
            try
            {
                totals += await Task.Run(() => Check(file, broken)).WaitAsync(PerFileLimit);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"{Path.GetFileName(file)} took longer than {PerFileLimit}");
            }
        }
        output.WriteLine($"files {files.Length}, unreadable or malformed files {totals.FileErrors}, frames {totals.Frames}, " +
                         $"fully decoded {totals.Decoded}, round-tripped {totals.RoundTripped}, decode errors {totals.DecodeErrors}");
        Assert.True(files.Length >= 800, $"expected the 830-file corpus, found {files.Length}");
        Assert.True(totals.Decoded > 7_500, $"only {totals.Decoded} frames decoded fully");
        Assert.True(broken.Count == 0, $"{broken.Count} frames do not round-trip:\n{string.Join("\n", broken.Take(40))}");
    }

    private static bool IsCapture(string path) => path.EndsWith(".pcap") || path.EndsWith(".pcapng");

    private static CorpusCounts Check(string file, List<string> broken)
    {
        var counts = new CorpusCounts();
        using var stream = File.OpenRead(file);
        if (!CaptureFile.TryOpen(stream, out var reader, out _))
            return counts with { FileErrors = 1 };
        using (reader)
        {
            DecodeError? final;
            while (reader.TryReadNext(out var packet, out final))
            {
                counts = counts with { Frames = counts.Frames + 1 };
                switch (FrameRoundTrip.Check(packet.Data.Span, packet.LinkType, out var frame))
                {
                    case RoundTripOutcome.RoundTripped:
                        counts = counts with { Decoded = counts.Decoded + 1, RoundTripped = counts.RoundTripped + 1 };
                        break;
                    case RoundTripOutcome.Broken:
                        counts = counts with { Decoded = counts.Decoded + 1 };
                        lock (broken)
                            broken.Add($"{Path.GetFileName(file)} frame {counts.Frames}: {FrameSummary.Format(frame)}\n" +
                                       $"  in  {Convert.ToHexStringLower(packet.Data.Span)}\n  out {Convert.ToHexStringLower(frame.ToArray())}");
                        break;
                    default:
                        counts = counts with { DecodeErrors = counts.DecodeErrors + 1 };
                        break;
                }
            }
            return final is null ? counts : counts with { FileErrors = 1 };
        }
    }

    private readonly record struct CorpusCounts(int Frames, int Decoded, int RoundTripped, int DecodeErrors, int FileErrors)
    {
        public static CorpusCounts operator +(CorpusCounts a, CorpusCounts b) => new(a.Frames + b.Frames, a.Decoded + b.Decoded,
            a.RoundTripped + b.RoundTripped, a.DecodeErrors + b.DecodeErrors, a.FileErrors + b.FileErrors);
    }
}
