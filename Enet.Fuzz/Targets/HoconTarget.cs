using System.Text;
using Enet.Configuration;

namespace Enet.Fuzz.Targets;

/// <summary>
/// The HOCON reader (Lightbend's HOCON.md) on arbitrary text: it resolves or throws a
/// <see cref="ConfigException"/> that says where and why, nothing else; a resolved tree renders as JSON, and
/// that JSON, itself HOCON, reads back to the same tree.
/// </summary>
public static class HoconTarget
{
    public static FuzzTarget Target { get; } = new("hocon", Check, seeds => seeds.HoconFiles());

    private static void Check(ReadOnlySpan<byte> bytes)
    {
        Config config;
        try
        {
            // No environment: a substitution the text leaves open is an error, the same on every machine.
            config = ConfigurationFactory.ParseString(Encoding.UTF8.GetString(bytes), useEnvironment: false);
        }
        catch (ConfigException)
        {
            return;
        }
        var json = ConfigJson.Render(config.Root);
        string again;
        try
        {
            again = ConfigJson.Render(ConfigurationFactory.ParseString(json, useEnvironment: false).Root);
        }
        catch (ConfigException e)
        {
            throw new ContractViolation($"the JSON rendering {json} does not read back: {e.Message}");
        }
        ContractViolation.Require(again == json, $"{json} reads back as {again}");
    }
}
