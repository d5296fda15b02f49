namespace Enet.Configuration;

/// <summary>What a <see cref="Token"/> is.</summary>
internal enum TokenType
{
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    Newline,
    Whitespace,
    Unquoted,
    Quoted,
    Number,
    True,
    False,
    Null,
    Substitution,
    End,
}
