namespace Enet.Configuration;

/// <summary>
/// Successive values of one field that could not be merged while parsing because at least one holds a
/// substitution; <see cref="Layers"/> runs from the earliest (bottom) to the latest (top). Keeping the
/// lower layers is what lets a self-referential field such as <c>a = ${a} [x]</c> "look backward"
/// (HOCON.md "Self-Referential Substitutions").
/// </summary>
internal sealed class ConfigMergeStack(ConfigOrigin origin, IReadOnlyList<ConfigValue> layers) : ConfigValue(origin)
{
    public IReadOnlyList<ConfigValue> Layers { get; } = layers;

    public override ConfigValueType Type => throw new InvalidOperationException("an unresolved merge has no type yet");
}
