using BenchmarkDotNet.Running;
using Enet.Benchmarks.Actors;

namespace Enet.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["scale", .. var rest])
            TcpScale.Run(rest);
        else if (args is ["bulk", var times])
            TcpBulkBenchmarks.RunForProfiler(int.Parse(times));
        else if (args is ["discard", var pushes])
            DiscardOverTapBenchmarks.RunForProfiler(int.Parse(pushes));
        else
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
