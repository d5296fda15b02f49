namespace Enet.Configuration;

/// <summary>
/// One lexical unit of HOCON. <see cref="Text"/> is the string value (escapes already processed for
/// quoted strings); a substitution carries its path expression as <see cref="PathPieces"/>.
/// </summary>
internal sealed record Token(TokenType Type, string Text, ConfigOrigin Origin)
{
    public bool Optional { get; init; }

    public IReadOnlyList<PathPiece> PathPieces { get; init; } = [];

    public bool IsSimpleValue => Type is TokenType.Unquoted or TokenType.Quoted or TokenType.Number
        or TokenType.True or TokenType.False or TokenType.Null;

    public string Describe() => Type switch
    {
        TokenType.End => "end of file",
        TokenType.Newline => "newline",
        TokenType.Quoted => $"\"{Text}\"",
        TokenType.Substitution => "a substitution",
        _ => $"'{Text}'",
    };
}
