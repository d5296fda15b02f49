using System.CommandLine;
using Enet.Host.Commands;

namespace Enet.Host;

/// <summary>The `enet` command: each verb lives in its own file under Commands/ and is registered here.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("Enet: a user-space TCP/IP stack for .NET built as actors");
        foreach (var command in Commands())
            root.Subcommands.Add(command);
        return root.Parse(args).Invoke();
    }

    private static IEnumerable<Command> Commands() => [DecodeCommand.Create(), CrTestCommand.Create(), ConfigCommand.Create(), RunCommand.Create(), NodeCommand.Create()];
}
