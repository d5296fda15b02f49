using System.CommandLine;
using Enet.Host.Demo;

namespace Enet.Host.Commands;

/// <summary>
/// <c>enet demo [--hosts N] [--pings N] [--loss PCT] [--seed S]</c>: runs <see cref="DemoScenario"/>, Enet's
/// embedded default, with no root and no real network. Exit codes: 0 when every step succeeded, 1 when one
/// failed (one line per failure on stderr), 2 for options out of range.
/// </summary>
public static class DemoCommand
{
    public const int StepFailed = 1;
    public const int UsageError = 2;

    public static Command Create()
    {
        var defaults = new DemoOptions();
        var hosts = new Option<int>("--hosts") { Description = $"Enet hosts on the wire (2-{DemoOptions.MaxHosts})", DefaultValueFactory = _ => defaults.Hosts };
        var pings = new Option<int>("--pings") { Description = "echo requests each ping sends", DefaultValueFactory = _ => defaults.Pings };
        var loss = new Option<double>("--loss") { Description = "percentage of frames the wire loses (0-100)", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "seed of the random source that picks the lost frames", DefaultValueFactory = _ => defaults.Seed };
        var command = new Command("demo", "Run Enet hosts on an in-memory wire: ARP, ping, the decoded traffic and a summary") { hosts, pings, loss, seed };
        command.SetAction(async (parse, cancel) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var options = new DemoOptions { Hosts = parse.GetValue(hosts), Pings = parse.GetValue(pings), LossPercent = parse.GetValue(loss), Seed = parse.GetValue(seed) };
            if (options.Problem() is { } problem)
            {
                error.WriteLine($"enet demo: {problem}");
                return UsageError;
            }
            var summary = await DemoScenario.RunAsync(options, parse.InvocationConfiguration.Output, cancel);
            foreach (var failure in summary.Failures)
                error.WriteLine($"enet demo: {failure}");
            return summary.Succeeded ? 0 : StepFailed;
        });
        return command;
    }
}
