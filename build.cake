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

Task("Bench").IsDependentOn("Build").Does(() =>
{
    DotNetRun("./Enet.Benchmarks/Enet.Benchmarks.csproj", new ProcessArgumentBuilder().Append("--filter").AppendQuoted(filter),
        new DotNetRunSettings { Configuration = configuration, NoBuild = true });
});

RunTarget(target);
