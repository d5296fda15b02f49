using System.CommandLine;

namespace Enet.Host.Commands;

/// <summary>The options `enet decode` and `enet crtest` share: --count, --protocol (repeatable), --progress.</summary>
internal sealed class CaptureFilterOptions
{
    public Option<long?> Count { get; } = new("--count") { Description = "stop after this many (matching) frames" };

    public Option<string[]> Protocols { get; } = new("--protocol")
    {
        Description = "only frames carrying this protocol; repeat for several",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> Progress { get; } = new("--progress") { Description = "show progress on stderr (the default when stderr is a terminal)" };

    public CaptureFilterOptions()
    {
        Protocols.AcceptOnlyFromAmong([.. ProtocolFilter.Layers.Keys]);
        Count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() < 0)
                result.AddError("--count must be 0 or more");
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Count);
        command.Options.Add(Protocols);
        command.Options.Add(Progress);
    }

    public ProtocolFilter Filter(ParseResult parse) => new(parse.GetValue(Protocols) ?? []);
}
