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
        else
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
