using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests;

/// <summary>
/// Where the shared test data and external tools are, and the rule for tests that need them: in CI
/// (CI=true) a missing prerequisite fails the test loudly; elsewhere the test says why and stops.
/// </summary>
public static class TestEnvironment
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The directory holding enet.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>`../shared/data` beside the checkout, as CI lays it out.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    public static string TcpdumpCorpus => Path.Combine(SharedData, "tcpdump-tests");

    /// <summary>The full path of an executable on PATH, or null.</summary>
    public static string? FindTool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>The shared data directory, or null (after failing in CI) when it is missing.</summary>
    public static string? SharedDataOrSkip(ITestOutputHelper output) =>
        Require(Directory.Exists(SharedData), $"{SharedData} (shared/data beside the checkout)", output) ? SharedData : null;

    /// <summary>A tool on PATH, or null (after failing in CI) when it is missing.</summary>
    public static string? ToolOrSkip(string name, string install, ITestOutputHelper output)
    {
        var tool = FindTool(name);
        return Require(tool is not null, $"{name} ({install})", output) ? tool : null;
    }

    /// <summary>True when <paramref name="available"/>; otherwise fails in CI and reports a skip elsewhere.</summary>
    public static bool Require(bool available, string what, ITestOutputHelper? output = null)
    {
        if (available)
            return true;
        if (IsCi)
            Assert.Fail($"prerequisite missing in CI: {what}");
        output?.WriteLine($"SKIPPED: prerequisite missing: {what}");
        return false;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "enet.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no enet.sln above {AppContext.BaseDirectory}");
    }
}
