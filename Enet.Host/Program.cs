using System.CommandLine;
using Enet.Host.Commands;

namespace Enet.Host;

/// <summary>The `enet` command: each verb lives in its own file under Commands/ and is registered here.</summary>
public static class Program
{
    /// <summary>Exit code for a failure no verb expected (sysexits.h EX_SOFTWARE): a bug in Enet.</summary>
    public const int InternalError = 70;

    /// <summary>Exit code after Ctrl-C stopped a verb that does not stop on it by design (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>Exit code for a command line that does not parse (a missing argument, an unknown option or value).</summary>
    public const int UsageError = 2;

    public static int Main(string[] args)
    {
        var root = new RootCommand("Enet: a user-space TCP/IP stack for .NET built as actors");
        foreach (var command in Commands())
            root.Subcommands.Add(command);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line for what is wrong, instead of the whole help text; --help has that.
            var verb = parse.CommandResult.Command == root ? "enet" : $"enet {parse.CommandResult.Command.Name}";
            Console.Error.WriteLine($"{verb}: {string.Join("; ", parse.Errors.Select(e => string.Join(' ', e.Message.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))))} (see {verb} --help)");
            return UsageError;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            return Interrupted;
        }
        catch (Exception e)
        {
            // Every expected failure is one line from its verb; anything else is a bug, still one line unless asked.
            Console.Error.WriteLine(Environment.GetEnvironmentVariable("ENET_STACKTRACE") is "1"
                ? $"enet: internal error: {e}"
                : $"enet: internal error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")} (ENET_STACKTRACE=1 shows where)");
            return InternalError;
        }
    }

    private static IEnumerable<Command> Commands() =>
        [DecodeCommand.Create(), CrTestCommand.Create(), ConfigCommand.Create(), RunCommand.Create(), DemoCommand.Create(), PingCommand.Create()];
}
