using System.Diagnostics;
using Xunit.Abstractions;

namespace Enet.Tests;

/// <summary>Runs a program to completion with a time limit and returns its exit code and output.</summary>
public static class ExternalProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary><see cref="Run"/> off the thread pool (a tool that waits on Enet must not hold a pool thread Enet's
    /// actors need), with the command line, exit code and both outputs written to the test's output.</summary>
    public static async Task<Result> RunLoggedAsync(ITestOutputHelper log, string fileName, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var result = await Task.Factory.StartNew(() => Run(fileName, arguments, timeout), TaskCreationOptions.LongRunning);
        log.WriteLine($"$ {fileName} {string.Join(' ', arguments)}  (exit {result.ExitCode})");
        log.WriteLine(result.Output);
        log.WriteLine(result.Error);
        return result;
    }
}
