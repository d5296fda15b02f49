using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Codecs.Capture;

/// <summary>
/// Where the shared test data and the Wireshark tools are. In CI (CI=true) both must exist and their
/// absence fails the test; elsewhere the test says what it skipped and returns.
/// </summary>
internal static class CaptureTestEnvironment
{
    public static bool InCi => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>shared/data beside the repository root (the directory holding enet.sln), or null.</summary>
    public static string? SharedData(ITestOutputHelper output)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "enet.sln")))
                continue;
            var data = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
            if (Directory.Exists(data))
                return data;
            break;
        }
        return Missing(output, "shared/data (beside the directory holding enet.sln)");
    }

    /// <summary>The full path of a tool on PATH, or null.</summary>
    public static string? Tool(ITestOutputHelper output, string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
                return candidate;
        }
        return Missing(output, $"{name} (apt-get install tshark)");
    }

    /// <summary>Runs a tool to completion or kills it after <paramref name="timeout"/>.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string tool, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} ran longer than {timeout}");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string? Missing(ITestOutputHelper output, string what)
    {
        if (InCi)
            Assert.Fail($"{what} is missing, and CI=true requires it");
        output.WriteLine($"skipped: {what} is missing");
        return null;
    }
}
