namespace Enet.Fuzz;

/// <summary>Seed corpora on disk for afl-fuzz, and replay of the inputs it saved.</summary>
public static class Corpus
{
    /// <summary>AFL++ works best from a few small seeds (its docs: under 1 KB, one file per behaviour).</summary>
    public const int MaxSeedsPerTarget = 64;

    public static int Write(SeedSource source, string outDir)
    {
        foreach (var target in FuzzTargets.All)
        {
            var directory = Directory.CreateDirectory(Path.Combine(outDir, target.Name));
            var seeds = Seeds(target, source);
            for (var i = 0; i < seeds.Count; i++)
                File.WriteAllBytes(Path.Combine(directory.FullName, $"seed-{i:D3}"), seeds[i]);
            Console.WriteLine($"{target.Name}: {seeds.Count} seeds");
        }
        return 0;
    }

    /// <summary>The target's distinct seeds, shortest first, at most <see cref="MaxSeedsPerTarget"/>, never none
    /// (afl-fuzz refuses an empty input directory).</summary>
    public static IReadOnlyList<byte[]> Seeds(FuzzTarget target, SeedSource source)
    {
        var seeds = target.Seeds(source)
            .DistinctBy(Convert.ToBase64String)
            .OrderBy(s => s.Length)
            .Take(MaxSeedsPerTarget)
            .ToList();
        return seeds.Count > 0 ? seeds : [[0]];
    }

    /// <summary>Runs each file through the target; prints each failure with its file. Exit code 1 if any failed.</summary>
    public static int Replay(FuzzTarget target, IEnumerable<string> paths)
    {
        var failures = 0;
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p) : [p]).Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                failures++;
                Console.WriteLine($"{file}: {e.GetType().Name}: {e.Message}");
                Console.WriteLine(Convert.ToHexString(File.ReadAllBytes(file)));
            }
        }
        Console.WriteLine($"{target.Name}: {files.Count} inputs, {failures} failed");
        return failures == 0 ? 0 : 1;
    }
}
