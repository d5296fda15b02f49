namespace Enet.Configuration;

/// <summary>Where a value was written: a file (or <c>string</c>, or an embedded resource) with a 1-based line and column.</summary>
public sealed record ConfigOrigin(string Description, int Line, int Column)
{
    public override string ToString() => $"{Description}:{Line}:{Column}";
}
