namespace Enet.Configuration;

/// <summary>The JSON type system HOCON shares (HOCON.md "Unchanged from JSON").</summary>
public enum ConfigValueType
{
    Object,
    List,
    Number,
    Boolean,
    Null,
    String,
}
