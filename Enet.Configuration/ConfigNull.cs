namespace Enet.Configuration;

/// <summary>
/// An explicit <c>null</c>. It hides lower values and blocks the environment fallback
/// (HOCON.md "Substitution fallback to environment variables"), unlike a missing key.
/// </summary>
public sealed class ConfigNull : ConfigValue
{
    public ConfigNull(ConfigOrigin origin) : base(origin) { }

    public override ConfigValueType Type => ConfigValueType.Null;

    public override string ToString() => "null";
}
