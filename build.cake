// Enet build: Clean, Build, Test, Fuzz, Bench. `./build.sh --target=Test` is the README's test command.
using System.Xml.Linq;

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var filter = Argument("filter", "*");
var solution = "./enet.sln";
var results = Directory("./artifacts/test-results");
var fuzzSeconds = Argument("fuzz-seconds", 10);
var fuzzTargets = Argument("fuzz-targets", "");  // comma-separated; empty for every target

// afl-fuzz on a shared CI machine: no CPU pinning or governor checks, no UI, and the target is `dotnet`,
// whose coverage map SharpFuzz supplies (so afl-fuzz cannot find instrumentation in the binary itself).
var AflEnvironment = new Dictionary<string, string>
{
    ["AFL_NO_UI"] = "1", ["AFL_NO_AFFINITY"] = "1", ["AFL_SKIP_CPUFREQ"] = "1", ["AFL_SKIP_BIN_CHECK"] = "1",
    ["AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES"] = "1",
};

/// <param name="log">Where the tool's output goes instead of the console (afl-fuzz prints a status line a second).</param>
void Run(string tool, string arguments, DirectoryPath? workingDirectory = null, IDictionary<string, string>? environment = null,
    bool allowFailure = false, FilePath? log = null)
{
    var settings = new ProcessSettings
    {
        Arguments = arguments, WorkingDirectory = workingDirectory, EnvironmentVariables = environment,
        RedirectStandardOutput = log is not null, RedirectStandardError = log is not null,
    };
    var exit = StartProcess(tool, settings, out var output, out var errors);
    if (log is not null) System.IO.File.WriteAllLines(log.FullPath, (output ?? []).Concat(errors ?? []));
    if (exit != 0 && !allowFailure) throw new Exception($"{tool} {arguments} exited {exit}" + (log is null ? "" : $"; see {log}"));
}

Task("Clean").Does(() =>
{
    CleanDirectories("./**/bin/" + configuration);
    CleanDirectories("./**/obj/" + configuration);
    CleanDirectories("./artifacts");
});

Task("Build").Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration });
});

Task("Test").IsDependentOn("Build").Does(() =>
{
    CleanDirectory(results);
    var failed = false;
    try
    {
        DotNetTest("./Enet.Tests/Enet.Tests.csproj", new DotNetTestSettings
        {
            Configuration = configuration,
            NoBuild = true,
            NoRestore = true,
            Loggers = { "trx;LogFilePrefix=enet", "console;verbosity=normal" },
            ResultsDirectory = results,
        });
    }
    catch (Exception)
    {
        failed = true;
    }
    // CI reads the closing "N passed, N failed" line; VSTest does not print that form itself.
    long passed = 0, failures = 0, skipped = 0;
    var failedTests = new List<string>();
    foreach (var trx in GetFiles(results.Path.FullPath + "/*.trx"))
    {
        var document = XDocument.Load(trx.FullPath);
        var counters = document.Descendants().First(e => e.Name.LocalName == "Counters");
        // CI keeps only the tail of the log: name each failure (and its first message line) next to the summary.
        foreach (var result in document.Descendants().Where(e => e.Name.LocalName == "UnitTestResult" && (string?)e.Attribute("outcome") == "Failed"))
        {
            var message = result.Descendants().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value ?? "";
            failedTests.Add($"FAILED {result.Attribute("testName")?.Value}: {message.Split('\n')[0].Trim()}");
        }
        passed += long.Parse(counters.Attribute("passed")!.Value);
        failures += long.Parse(counters.Attribute("failed")!.Value);
        var total = long.Parse(counters.Attribute("total")!.Value);
        var executed = long.Parse(counters.Attribute("executed")!.Value);
        skipped += total - executed;
    }
    var summary = string.Concat(failedTests.Select(line => line + "\n")) + $"{passed} passed, {failures} failed, {skipped} skipped\n";
    System.IO.File.WriteAllText(results.Path.FullPath + "/summary.txt", summary);
    Information(summary.TrimEnd());
    if (failed || failures > 0) throw new Exception("tests failed");
});

// Coverage-guided fuzzing: AFL++ drives each Enet.Fuzz target (SharpFuzz instruments the codec assemblies) for
// fuzz-seconds, starting from seeds cut from ../shared/data. A crash fails the task and is replayed to show why.
Task("Fuzz").IsDependentOn("Build").Does(() =>
{
    var fuzz = MakeAbsolute(Directory("./artifacts/fuzz"));
    CleanDirectory(fuzz);
    var bin = fuzz.Combine("bin");
    DotNetPublish("./Enet.Fuzz/Enet.Fuzz.csproj", new DotNetPublishSettings { Configuration = configuration, NoBuild = true, OutputDirectory = bin });
    // Seeds and the target list come from the plain build: instrumented code may run only under afl-fuzz.
    var plain = MakeAbsolute(File($"./Enet.Fuzz/bin/{configuration}/net10.0/Enet.Fuzz.dll")).FullPath;
    Run("dotnet", $"\"{plain}\" seeds \"{MakeAbsolute(Directory("../shared/data"))}\" \"{fuzz.Combine("seeds")}\"");
    var targets = System.IO.Directory.GetDirectories(fuzz.Combine("seeds").FullPath).Select(System.IO.Path.GetFileName)
        .Where(t => fuzzTargets == "" || fuzzTargets.Split(',').Contains(t)).Order().ToList();
    foreach (var assembly in new[] { "Enet.Codecs", "Enet.Remote", "Enet.Configuration" })
        Run("dotnet", $"sharpfuzz \"{bin.CombineWithFilePath(assembly + ".dll")}\"");
    var work = fuzz.Combine("work");
    CreateDirectory(work);
    CreateDirectory(fuzz.Combine("findings"));
    var lines = new List<string>();
    var crashed = new List<string>();
    foreach (var target in targets)
    {
        var findings = fuzz.Combine("findings/" + target);
        Run("afl-fuzz", $"-V {fuzzSeconds} -i \"{fuzz.Combine("seeds/" + target)}\" -o \"{findings}\" -t 5000 -m none -- dotnet \"{bin.CombineWithFilePath("Enet.Fuzz.dll")}\" afl {target}",
            work, AflEnvironment, log: fuzz.CombineWithFilePath($"findings/{target}.log"));
        var stats = System.IO.File.ReadAllLines(findings.CombineWithFilePath("default/fuzzer_stats").FullPath)
            .Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        lines.Add($"{target}: {stats["execs_done"]} execs, {stats["corpus_count"]} paths, {stats["saved_crashes"]} crashes, {stats["saved_hangs"]} hangs in {stats["run_time"]} s");
        if (stats["saved_crashes"] != "0")
        {
            crashed.Add(target);
            Run("dotnet", $"\"{plain}\" replay {target} \"{findings.Combine("default/crashes")}\"", allowFailure: true);
        }
    }
    var summary = string.Concat(lines.Select(l => l + "\n")) + (crashed.Count == 0 ? "fuzz: no crashes\n" : $"FAILED fuzz: crashes in {string.Join(", ", crashed)} (artifacts/fuzz/findings)\n");
    System.IO.File.WriteAllText(fuzz.CombineWithFilePath("summary.txt").FullPath, summary);
    Information(summary.TrimEnd());
    if (crashed.Count > 0) throw new Exception("fuzzing found crashes");
});

Task("Bench").IsDependentOn("Build").Does(() =>
{
    DotNetRun("./Enet.Benchmarks/Enet.Benchmarks.csproj", new ProcessArgumentBuilder().Append("--filter").AppendQuoted(filter),
        new DotNetRunSettings { Configuration = configuration, NoBuild = true });
});

RunTarget(target);
