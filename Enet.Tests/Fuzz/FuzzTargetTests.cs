using System.Diagnostics;
using Enet.Fuzz;
using Enet.Tests.Codecs;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Fuzz;

/// <summary>
/// Every fuzz target in-process over its seeds (cut from the shared captures and test vectors) and seeded
/// mutations of them: over 1M inputs per run across the targets, each one a test of its codec's contract.
/// AFL++'s coverage-guided runs of the same targets are `./build.sh --target=Fuzz`.
/// </summary>
public class FuzzTargetTests(ITestOutputHelper output)
{
    /// <summary>Inputs per target, sized by how fast each runs so the whole set takes seconds, not minutes.</summary>
    private static readonly Dictionary<string, int> Inputs = new(StringComparer.Ordinal)
    {
        ["frame"] = 150_000, ["ip"] = 150_000, ["udp"] = 100_000, ["tcp"] = 100_000, ["icmp"] = 100_000,
        ["icmpv6"] = 100_000, ["arp"] = 50_000, ["pcap"] = 50_000, ["pcapng"] = 50_000, ["etf"] = 100_000,
        ["epmd"] = 50_000, ["handshake"] = 30_000, ["hocon"] = 20_000,
    };

    private static readonly Lazy<SeedSource> Source = new(() => new SeedSource(TestEnvironment.SharedData));

    public static TheoryData<string> Targets => [.. FuzzTargets.All.Select(t => t.Name)];

    [Fact]
    public void Every_target_has_an_input_budget_and_they_add_up_to_a_million() =>
        Assert.True(FuzzTargets.All.All(t => Inputs.ContainsKey(t.Name)) && Inputs.Values.Sum() >= 1_000_000,
            $"budgets: {string.Join(", ", Inputs)}");

    [SkippableTheory]
    [MemberData(nameof(Targets))]
    public void Target_holds_its_contract_on_mutated_seeds(string name)
    {
        TestEnvironment.RequireSharedData();
        var target = FuzzTargets.Find(name)!;
        var seeds = Corpus.Seeds(target, Source.Value);
        var clock = Stopwatch.StartNew();
        var count = 0;
        foreach (var input in seeds.Concat(Mutations.Of(seeds, Inputs[name], seed: name.Length)))
        {
            try
            {
                target.Run(input);
            }
            catch (Exception e)
            {
                Assert.Fail($"{name} input {Convert.ToHexString(input)}: {e}");
            }
            count++;
        }
        output.WriteLine($"{name}: {count} inputs from {seeds.Count} seeds in {clock.Elapsed.TotalSeconds:F1} s");
    }
}
