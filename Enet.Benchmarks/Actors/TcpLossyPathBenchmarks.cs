using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Enet.Actors.Tcp;
using Enet.TestKit.TcpScripts;

namespace Enet.Benchmarks.Actors;

/// <summary>
/// Issue 18's goal: 50 MB over a path with 1% loss each way and a 5 ms RTT (100 Mbit/s, 128 kB queue), two TCP cores
/// joined by <see cref="CorePair"/> on virtual time, CUBIC with SACK against NewReno without (and the two mixed). The time that matters is
/// the virtual one, the same every run (seeded loss): the "Virtual s", "Virtual MB/s" and "Speedup" (NewReno's virtual
/// time over this one's) columns; Mean is only what the simulation costs in real time.
/// </summary>
[Config(typeof(VirtualTimeColumns))]
public class TcpLossyPathBenchmarks
{
    private const long Bytes = 50L << 20;
    private static readonly LinkProfile Path = new(TimeSpan.FromMilliseconds(5), 0.01, Seed: 3);

    [Benchmark(Baseline = true)]
    public TransferResult Newreno_without_sack() => Transfer(nameof(Newreno_without_sack));

    [Benchmark]
    public TransferResult Newreno_with_sack() => Transfer(nameof(Newreno_with_sack));

    [Benchmark]
    public TransferResult Cubic_without_sack() => Transfer(nameof(Cubic_without_sack));

    [Benchmark]
    public TransferResult Cubic_with_sack() => Transfer(nameof(Cubic_with_sack));

    private static TransferResult Transfer(string method)
    {
        var settings = TcpSettings.Default with
        {
            CongestionControl = method.StartsWith("Cubic", StringComparison.Ordinal) ? CongestionAlgorithm.Cubic : CongestionAlgorithm.NewReno,
            Sack = method.EndsWith("with_sack", StringComparison.Ordinal),
        };
        return CorePair.Transfer(settings, settings, Path, Bytes, TimeSpan.FromHours(1));
    }

    /// <summary>The virtual figures, computed again in the host process: the transfer is deterministic.</summary>
    private sealed class VirtualTimeColumns : ManualConfig
    {
        public VirtualTimeColumns()
        {
            var results = new Dictionary<string, TransferResult>();
            TransferResult Result(string method)
            {
                lock (results)
                {
                    if (!results.TryGetValue(method, out var result))
                        results[method] = result = Transfer(method);
                    return result;
                }
            }
            static string Method(BenchmarkCase c) => c.Descriptor.WorkloadMethod.Name;
            AddColumn(new Column("Virtual s", c => Result(Method(c)).Elapsed.TotalSeconds.ToString("F2")),
                new Column("Virtual MB/s", c => (Result(Method(c)).Throughput / 1e6).ToString("F2")),
                new Column("Speedup", c => (Result(nameof(Newreno_without_sack)).Elapsed / Result(Method(c)).Elapsed).ToString("F2") + "x"),
                new Column("Intact", c => Result(Method(c)).Intact.ToString()));
        }
    }

    private sealed class Column(string name, Func<BenchmarkCase, string> value) : IColumn
    {
        public string Id => nameof(TcpLossyPathBenchmarks) + name;
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => false;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => name;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => value(benchmarkCase);
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => value(benchmarkCase);
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }
}
