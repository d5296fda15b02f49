using Enet.Fuzz;
using SharpFuzz;

// enet-fuzz: the codec fuzz targets for AFL++ (through SharpFuzz), their seed corpus, and replay of what AFL found.
// `.ci/run` publishes this, instruments the codec assemblies with `sharpfuzz`, and runs afl-fuzz on each target.
const string Usage = """
    usage: Enet.Fuzz list
           Enet.Fuzz seeds SHARED_DATA OUT_DIR     write each target's seed corpus to OUT_DIR/TARGET/
           Enet.Fuzz afl TARGET                    run TARGET under afl-fuzz (input on stdin or @@ file)
           Enet.Fuzz replay TARGET PATH...         run files (or every file in directories) through TARGET
    """;

switch (args)
{
    case ["list"]:
        foreach (var target in FuzzTargets.All)
            Console.WriteLine(target.Name);
        return 0;
    case ["seeds", var sharedData, var outDir]:
        return Corpus.Write(new SeedSource(sharedData), outDir);
    case ["afl", var name]:
        // Nothing instrumented may run before SharpFuzz has set up AFL's coverage map (the targets' static
        // initialisers would write into a map that is not there yet), so the target is looked up inside.
        Fuzzer.OutOfProcess.Run(stream =>
        {
            var target = FuzzTargets.Find(name) ?? throw new ArgumentException($"no fuzz target {name}");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
        return 0;
    case ["replay", var name, .. var paths] when FuzzTargets.Find(name) is { } target:
        return Corpus.Replay(target, paths);
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}
