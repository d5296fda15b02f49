namespace Enet.Configuration;

/// <summary>
/// An unresolved <c>${path}</c> or <c>${?path}</c> (HOCON.md "Substitutions"). <see cref="Prefix"/> is
/// the place a file was included at: HOCON.md "Include semantics: substitution" looks the path up there
/// first and then from the root.
/// </summary>
internal sealed class ConfigSubstitution(
    ConfigOrigin origin, IReadOnlyList<string> path, bool optional, IReadOnlyList<string> prefix) : ConfigValue(origin)
{
    public IReadOnlyList<string> Path { get; } = path;

    public bool Optional { get; } = optional;

    public IReadOnlyList<string> Prefix { get; } = prefix;

    public override ConfigValueType Type => throw new InvalidOperationException("an unresolved substitution has no type yet");

    public override string ToString() => $"${{{(Optional ? "?" : "")}{ConfigPath.Render(Path)}}}";
}
