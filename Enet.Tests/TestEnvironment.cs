using System.Diagnostics.CodeAnalysis;
using Xunit;

namespace Enet.Tests;

/// <summary>
/// Where the shared test data and external tools are, and the rule for tests that need them: in CI
/// (CI=true) a missing prerequisite fails the test loudly; elsewhere the test is reported skipped, with why.
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

    /// <summary>The shared data directory; fails the test in CI and skips it elsewhere when it is missing.</summary>
    public static string RequireSharedData()
    {
        Require(Directory.Exists(SharedData), $"{SharedData} (shared/data beside the checkout)");
        return SharedData;
    }

    /// <summary>The full path of a tool on PATH; fails the test in CI and skips it elsewhere when it is missing.</summary>
    public static string RequireTool(string name, string install)
    {
        var tool = FindTool(name);
        Require(tool is not null, $"{name} ({install})");
        return tool;
    }

    /// <summary>
    /// Returns when <paramref name="available"/>. Otherwise fails the test in CI, where every prerequisite
    /// is installed and a missing one is a broken runner; elsewhere it skips the test with the reason,
    /// so a machine without the tool reports a skip rather than a pass. The test must be a
    /// [SkippableFact] or [SkippableTheory]: a plain [Fact] would report the skip as a failure.
    /// </summary>
    public static void Require([DoesNotReturnIf(false)] bool available, string what)
    {
        if (available)
            return;
        if (IsCi)
            Assert.Fail($"prerequisite missing in CI: {what}");
        throw new SkipException($"prerequisite missing: {what}");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "enet.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no enet.sln above {AppContext.BaseDirectory}");
    }
}
