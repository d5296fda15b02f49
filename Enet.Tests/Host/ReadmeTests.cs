using System.CommandLine;
using System.Text.RegularExpressions;
using Enet.Host.Commands;
using Enet.Tests.Tap;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Host;

/// <summary>
/// The README stays true: every command in its ```sh blocks is either run here as written (from the repository
/// root, `enet` being the built binary) and must exit 0, or named in <see cref="RunElsewhere"/> with the test
/// that exercises it; and its configuration reference is reference.conf, word for word.
/// </summary>
[Collection(SerilogLoggerCollection.Name)]
public sealed partial class ReadmeTests(ITestOutputHelper output)
{
    private static string Root => TestEnvironment.RepositoryRoot;

    private static string Readme => File.ReadAllText(Path.Combine(Root, "README.md"));

    /// <summary>Commands a test cannot run as written (root, until Ctrl-C, another program), with what runs them.</summary>
    private static readonly Dictionary<string, string> RunElsewhere = new()
    {
        ["./build.sh --target=Test"] = "CI: .ci/run runs exactly this line",
        ["./build.sh --target=Bench --filter='*Checksum*'"] = "build.cake's Bench target, run by hand (minutes long)",
        ["./build.sh --target=Fuzz --fuzz-seconds=600"] = "build.cake's Fuzz target, which .ci/run runs with 10 s per target",
        ["sudo enet run --config examples/tap.conf"] = nameof(Readme_tap_config_run_answers_ping_from_linux),
        ["ping -c 3 192.0.2.2"] = nameof(Readme_tap_config_run_answers_ping_from_linux),
        ["sudo enet ping 192.0.2.1 --config examples/tap.conf --count 3"] = nameof(PingCommandTapTests.Ping_through_a_tap_device_gets_linux_replies_and_exits_0),
        [NodeCommandTests.ReadmeCommand] = nameof(NodeCommandTests.Readme_node_example_answers_ping_and_enet_echo_from_erl_sname_shell),
        [RemoteLinkCommandTests.ReadmeRun] = nameof(RemoteLinkCommandTests.Readme_enet_ping_from_one_process_gets_three_replies_from_enet_run_in_another),
        [RemoteLinkCommandTests.ReadmePing] = nameof(RemoteLinkCommandTests.Readme_enet_ping_from_one_process_gets_three_replies_from_enet_run_in_another),
        [NodeDumpCommandTests.ReadmeCommand] = nameof(NodeDumpCommandTests.Erlang_shell_sees_the_frames_of_a_host_that_enet_node_runs_from_its_config),
    };

    /// <summary>Every line of every ```sh block.</summary>
    public static IEnumerable<string> Commands() =>
        ShellBlock().Matches(File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "README.md")))
            .SelectMany(m => m.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public static TheoryData<string> RunnableCommands() => [.. Commands().Where(c => !RunElsewhere.ContainsKey(c))];

    [Fact]
    public void Every_readme_command_is_an_enet_command_run_here_or_is_named_with_what_runs_it()
    {
        var commands = Commands().ToList();
        Assert.Contains("dotnet run --project Enet.Host -- demo", commands);
        Assert.All(commands, c => Assert.True(RunElsewhere.ContainsKey(c) || EnetArguments(c) is not null,
            $"README command \"{c}\" is neither an enet command this test runs nor listed in RunElsewhere"));
        // A stale entry would claim coverage for a command the README no longer has.
        Assert.All(RunElsewhere.Keys, c => Assert.Contains(c, commands));
    }

    [SkippableTheory]
    [MemberData(nameof(RunnableCommands))]
    public void Readme_command_runs_as_written_and_exits_0(string command)
    {
        var arguments = EnetArguments(command);
        Assert.NotNull(arguments);
        if (arguments.Any(a => a.StartsWith("../shared/")))
            TestEnvironment.RequireSharedData();
        // Paths in the README are relative to the repository root, where a newcomer types them.
        var result = EnetCommand.Run([.. arguments.Select(a => !a.StartsWith('-') && Path.Exists(Path.Combine(Root, a)) ? Path.Combine(Root, a) : a)]);
        output.WriteLine(result.Output);
        Assert.True(result.ExitCode == 0, $"{command}: exit {result.ExitCode}: {result.Error}");
        Assert.NotEqual("", result.Output);
    }

    [Fact]
    public void The_configuration_reference_in_the_readme_is_reference_conf_as_built_in()
    {
        var reference = File.ReadAllText(Path.Combine(Root, "Enet.Configuration", "reference.conf"));
        var readme = Readme;
        var block = ReferenceBlock().Match(readme);
        Assert.True(block.Success, "README.md has no reference.conf block between its markers");
        if (block.Groups[1].Value != reference && Environment.GetEnvironmentVariable("ENET_UPDATE_README") == "1")
        {
            File.WriteAllText(Path.Combine(Root, "README.md"), readme.Replace(block.Groups[1].Value, reference));
            return;
        }
        Assert.True(block.Groups[1].Value == reference,
            "README.md's configuration reference differs from reference.conf; run this test with ENET_UPDATE_README=1 to copy it over");
    }

    [SkippableFact]
    public async Task Readme_tap_config_run_answers_ping_from_linux()
    {
        TestEnvironment.Require(TestNamespace.Available, TestNamespace.Requirement);
        TestEnvironment.RequireTool("ping", "iputils-ping");
        using var ns = TestNamespace.Create();
        var file = Path.Combine(Path.GetTempPath(), $"enet-readme-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, PingCommandTapTests.TapConfigIn(ns));
        using var stop = new CancellationTokenSource();
        try
        {
            var run = new RootCommand { RunCommand.Create() }.Parse(["run", "--config", file]).InvokeAsync(cancellationToken: stop.Token);
            ExternalProcess.Result ping;
            var attempts = 0;
            // The first attempt may race the host's start; a started host answers every ping.
            do
                ping = await Task.Factory.StartNew(() => ExternalProcess.Run("ip", ["netns", "exec", ns.Name, "ping", "-c", "3", "-W", "1", "-i", "0.2", "192.0.2.2"],
                    TimeSpan.FromSeconds(20)), TaskCreationOptions.LongRunning);
            while (!ping.Output.Contains("3 received") && ++attempts < 5 && !run.IsCompleted);
            stop.Cancel();
            Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Contains("3 packets transmitted, 3 received", ping.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The arguments after `enet` (or `dotnet run --project Enet.Host --`), or null for another program.</summary>
    private static string[]? EnetArguments(string command)
    {
        foreach (var prefix in (string[])["dotnet run --project Enet.Host -- ", "enet "])
            if (command.StartsWith(prefix))
                return command[prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return null;
    }

    [GeneratedRegex("```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex("<!-- reference.conf begins -->\n```hocon\n(.*?)```\n<!-- reference.conf ends -->", RegexOptions.Singleline)]
    private static partial Regex ReferenceBlock();
}
