using System.Diagnostics;
using Enet.Codecs;
using Enet.Codecs.Capture;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Codecs.Capture;

/// <summary>tcpdump's test captures (shared/data/tcpdump-tests): hundreds of real, odd and deliberately
/// broken files, read to the end and counted against capinfos.</summary>
public class CaptureCorpusTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerFile = TimeSpan.FromSeconds(10);

    [SkippableFact]
    public async Task Every_corpus_file_reads_to_its_end_or_to_a_reported_error_and_counts_as_capinfos_does()
    {
        var files = Directory.GetFiles(Path.Combine(TestEnvironment.RequireSharedData(), "tcpdump-tests"))
            .Where(f => f.EndsWith(".pcap", StringComparison.Ordinal) || f.EndsWith(".pcapng", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.NotEmpty(files);
        var results = new Dictionary<string, CaptureContents>();
        var clock = Stopwatch.StartNew();
        foreach (var file in files)
        {
            var reading = Task.Run(() => CaptureContents.Read(CaptureFile.Open(file)));
            try
            {
                results[Path.GetFileName(file)] = await reading.WaitAsync(PerFile);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"{file} took longer than {PerFile}");
            }
        }
        var failed = results.Where(r => r.Value.Error is not null).ToList();
        output.WriteLine($"{files.Length} files, {results.Sum(r => r.Value.Packets.Count)} packets, " +
            $"{failed.Count} files with errors, {clock.ElapsedMilliseconds} ms");
        foreach (var (name, contents) in failed)
            output.WriteLine($"  {name}: {contents.Packets.Count} packets, then {contents.Error}");
        CompareWithCapinfos(files, results);
    }

    /// <summary>One capinfos run over all files; every file both tools read cleanly must agree.</summary>
    private void CompareWithCapinfos(string[] files, Dictionary<string, CaptureContents> results)
    {
        var capinfos = TestEnvironment.RequireTool("capinfos", "apt-get install tshark");
        var (_, stdout, _) = ExternalProcess.Run(capinfos, ["-c", "-M", "-T", "-r", .. files], TimeSpan.FromMinutes(2));
        var compared = 0;
        var mismatches = new List<string>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length != 2 || !int.TryParse(fields[1], out var expected))
                continue;
            var name = Path.GetFileName(fields[0]);
            if (!results.TryGetValue(name, out var ours))
                continue;
            compared++;
            if (ours.Packets.Count != expected)
                mismatches.Add($"{name}: capinfos {expected}, Enet {ours.Packets.Count} ({Describe(ours.Error)})");
        }
        output.WriteLine($"compared with capinfos: {compared} files, {mismatches.Count} counts differ");
        foreach (var mismatch in mismatches)
            output.WriteLine($"  {mismatch}");
        Assert.True(compared > files.Length / 2, $"capinfos counted only {compared} of {files.Length} files");
        Assert.Empty(mismatches);
    }

    private static string Describe(DecodeError? error) => error?.ToString() ?? "no error";
}
