using System.Diagnostics;

namespace Enet.Benchmarks.Actors;

/// <summary>Runs a set-up tool (`ip netns add`, `ip link`) to completion; a failure stops the benchmark.</summary>
internal static class Tool
{
    public static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(program, arguments);
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}");
    }
}
