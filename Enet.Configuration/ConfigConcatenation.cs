namespace Enet.Configuration;

/// <summary>
/// A value concatenation that holds at least one substitution, so whether it becomes a string, an array
/// or an object is only known after resolution (HOCON.md "Value concatenation"). Unquoted whitespace
/// between parts is kept as <see cref="ConfigString.IsWhitespace"/> parts.
/// </summary>
internal sealed class ConfigConcatenation(ConfigOrigin origin, IReadOnlyList<ConfigValue> parts) : ConfigValue(origin)
{
    public IReadOnlyList<ConfigValue> Parts { get; } = parts;

    public override ConfigValueType Type => throw new InvalidOperationException("an unresolved concatenation has no type yet");
}
