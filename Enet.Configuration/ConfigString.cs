namespace Enet.Configuration;

/// <summary>A string value, quoted or unquoted in the source.</summary>
public sealed class ConfigString : ConfigValue
{
    public ConfigString(ConfigOrigin origin, string value) : this(origin, value, isWhitespace: false) { }

    internal ConfigString(ConfigOrigin origin, string value, bool isWhitespace) : base(origin)
    {
        Value = value;
        IsWhitespace = isWhitespace;
    }

    public string Value { get; }

    /// <summary>
    /// Unquoted whitespace between two parts of a value concatenation: kept in string concatenations,
    /// dropped between objects or arrays (HOCON.md "Note: Concatenation with whitespace and substitutions").
    /// </summary>
    internal bool IsWhitespace { get; }

    public override ConfigValueType Type => ConfigValueType.String;

    public override string ToString() => Value;
}
