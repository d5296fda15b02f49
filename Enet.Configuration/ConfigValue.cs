namespace Enet.Configuration;

/// <summary>
/// A value of a configuration tree. After resolution it is one of <see cref="ConfigObject"/>,
/// <see cref="ConfigList"/>, <see cref="ConfigString"/>, <see cref="ConfigNumber"/>,
/// <see cref="ConfigBoolean"/> or <see cref="ConfigNull"/>; before resolution the tree may also hold
/// substitutions, concatenations and merge stacks, which never escape the parser and resolver.
/// </summary>
public abstract class ConfigValue
{
    private protected ConfigValue(ConfigOrigin origin) => Origin = origin;

    public ConfigOrigin Origin { get; }

    public abstract ConfigValueType Type { get; }
}
