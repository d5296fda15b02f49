namespace Enet.Configuration;

/// <summary>A <c>true</c> or <c>false</c> value.</summary>
public sealed class ConfigBoolean : ConfigValue
{
    public ConfigBoolean(ConfigOrigin origin, bool value) : base(origin) => Value = value;

    public bool Value { get; }

    public override ConfigValueType Type => ConfigValueType.Boolean;

    public override string ToString() => Value ? "true" : "false";
}
