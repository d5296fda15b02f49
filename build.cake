// Enet build: Clean, Build, Test, Bench. `./build.sh --target=Test` is the README's test command.
using System.Xml.Linq;

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var filter = Argument("filter", "*");
var solution = "./enet.sln";
var results = Directory("./artifacts/test-results");

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
    foreach (var trx in GetFiles(results.Path.FullPath + "/*.trx"))
    {
        var counters = XDocument.Load(trx.FullPath).Descendants().First(e => e.Name.LocalName == "Counters");
        passed += long.Parse(counters.Attribute("passed")!.Value);
        failures += long.Parse(counters.Attribute("failed")!.Value);
        var total = long.Parse(counters.Attribute("total")!.Value);
        var executed = long.Parse(counters.Attribute("executed")!.Value);
        skipped += total - executed;
    }
    System.IO.File.WriteAllText(results.Path.FullPath + "/summary.txt", $"{passed} passed, {failures} failed, {skipped} skipped\n");
    Information($"{passed} passed, {failures} failed, {skipped} skipped");
    if (failed || failures > 0) throw new Exception("tests failed");
});

Task("Bench").IsDependentOn("Build").Does(() =>
{
    DotNetRun("./Enet.Benchmarks/Enet.Benchmarks.csproj", new ProcessArgumentBuilder().Append("--filter").AppendQuoted(filter),
        new DotNetRunSettings { Configuration = configuration, NoBuild = true });
});

RunTarget(target);
