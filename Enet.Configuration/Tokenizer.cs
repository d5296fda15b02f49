using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Enet.Configuration;

/// <summary>
/// Splits HOCON text into tokens, keeping non-newline whitespace (value concatenation needs it) and
/// dropping comments. Works in one forward pass with no recursion, so input size is the only cost.
/// </summary>
internal sealed partial class Tokenizer
{
    // HOCON.md "Unquoted strings": characters that end (or may not start) an unquoted string.
    private const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";

    private readonly string _text;
    private readonly string _description;
    private readonly List<Token> _tokens = [];
    private int _pos;
    private int _line = 1;
    private int _column = 1;

    private Tokenizer(string text, string description)
    {
        _text = text;
        _description = description;
    }

    public static List<Token> Tokenize(string text, string description)
    {
        var tokenizer = new Tokenizer(text, description);
        tokenizer.Run();
        return tokenizer._tokens;
    }

    /// <summary>HOCON.md "Whitespace": Unicode separators, the BOM and the ASCII control separators, but not newline.</summary>
    public static bool IsWhitespace(char c) => c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF'
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.SpaceSeparator
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);

    private ConfigOrigin Here => new(_description, _line, _column);

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private bool AtEnd => _pos >= _text.Length;

    private char Next()
    {
        var c = _text[_pos++];
        if (c == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        return c;
    }

    private ConfigException Error(ConfigOrigin origin, string reason) => new(origin, reason);

    private void Run()
    {
        while (!AtEnd)
        {
            var origin = Here;
            var c = Peek();
            if (c == '\n')
            {
                Next();
                _tokens.Add(new Token(TokenType.Newline, "\n", origin));
            }
            else if (IsWhitespace(c))
            {
                var start = _pos;
                while (!AtEnd && IsWhitespace(Peek()))
                    Next();
                _tokens.Add(new Token(TokenType.Whitespace, _text[start.._pos], origin));
            }
            else if (c == '#' || (c == '/' && Peek(1) == '/'))
            {
                while (!AtEnd && Peek() != '\n')
                    Next();
            }
            else if (c == '"')
            {
                _tokens.Add(new Token(TokenType.Quoted, ReadQuoted(), origin));
            }
            else if (c == '$')
            {
                _tokens.Add(ReadSubstitution());
            }
            else if (c == '+' && Peek(1) == '=')
            {
                Next();
                Next();
                _tokens.Add(new Token(TokenType.PlusEquals, "+=", origin));
            }
            else if (Single(c) is { } single)
            {
                Next();
                _tokens.Add(new Token(single, c.ToString(), origin));
            }
            else if (Forbidden.Contains(c))
            {
                throw Error(origin, $"'{c}' is not allowed outside quotes (HOCON reserves it); quote the string if you mean it literally");
            }
            else
            {
                _tokens.Add(Classify(ReadUnquoted(), origin));
            }
        }

        _tokens.Add(new Token(TokenType.End, "", Here));
    }

    private static TokenType? Single(char c) => c switch
    {
        '{' => TokenType.OpenBrace,
        '}' => TokenType.CloseBrace,
        '[' => TokenType.OpenBracket,
        ']' => TokenType.CloseBracket,
        ',' => TokenType.Comma,
        ':' => TokenType.Colon,
        '=' => TokenType.Equals,
        _ => null,
    };

    private string ReadUnquoted()
    {
        var start = _pos;
        while (!AtEnd)
        {
            var c = Peek();
            if (c == '\n' || IsWhitespace(c) || Forbidden.Contains(c) || (c == '/' && Peek(1) == '/'))
                break;
            Next();
        }

        return _text[start.._pos];
    }

    /// <summary>
    /// A whole unquoted run that is exactly a JSON number or keyword keeps that type. Runs such as
    /// <c>10.0bar</c> stay strings: HOCON.md splits them into a number and a string, but concatenation
    /// and path splitting give the same result either way.
    /// </summary>
    private static Token Classify(string text, ConfigOrigin origin) => text switch
    {
        "true" => new Token(TokenType.True, text, origin),
        "false" => new Token(TokenType.False, text, origin),
        "null" => new Token(TokenType.Null, text, origin),
        _ when JsonNumber().IsMatch(text) => new Token(TokenType.Number, text, origin),
        _ => new Token(TokenType.Unquoted, text, origin),
    };

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();

    private string ReadQuoted()
    {
        var open = Here;
        if (Peek(1) == '"' && Peek(2) == '"')
            return ReadTripleQuoted(open);

        Next();
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd)
                throw Error(open, "quoted string is not closed before the end of the file");
            var c = Next();
            switch (c)
            {
                case '"':
                    return sb.ToString();
                case '\n':
                    throw Error(open, "quoted string is not closed before the end of the line (use \"\"\" for multi-line strings)");
                case '\\':
                    sb.Append(ReadEscape());
                    break;
                default:
                    if (char.IsControl(c))
                        throw Error(Here, $"control character U+{(int)c:X4} is not allowed in a quoted string (JSON rule)");
                    sb.Append(c);
                    break;
            }
        }
    }

    private string ReadEscape()
    {
        var origin = Here;
        if (AtEnd)
            throw Error(origin, "escape sequence at the end of the file");
        var c = Next();
        switch (c)
        {
            case '"': return "\"";
            case '\\': return "\\";
            case '/': return "/";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'n': return "\n";
            case 'r': return "\r";
            case 't': return "\t";
            case 'u':
                if (_pos + 4 > _text.Length
                    || !int.TryParse(_text.AsSpan(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                    throw Error(origin, "\\u must be followed by four hex digits");
                for (var i = 0; i < 4; i++)
                    Next();
                return ((char)code).ToString();
            default:
                throw Error(origin, $"'\\{c}' is not a JSON escape sequence");
        }
    }

    /// <summary>
    /// HOCON.md "Multi-line strings": no escapes; any run of three or more quotes ends the string and
    /// the quotes beyond three belong to it, as in Scala.
    /// </summary>
    private string ReadTripleQuoted(ConfigOrigin open)
    {
        Next();
        Next();
        Next();
        var start = _pos;
        while (!AtEnd)
        {
            if (Peek() == '"' && Peek(1) == '"' && Peek(2) == '"')
            {
                var run = 0;
                while (Peek(run) == '"')
                    run++;
                var end = _pos + run - 3;
                var value = _text[start..end];
                for (var i = 0; i < run; i++)
                    Next();
                return value;
            }

            Next();
        }

        throw Error(open, "triple-quoted string is not closed before the end of the file");
    }

    /// <summary>
    /// HOCON.md "Substitutions": <c>${</c> or <c>${?</c> (grouped exactly), a path expression of quoted
    /// and unquoted pieces, then <c>}</c>.
    /// </summary>
    private Token ReadSubstitution()
    {
        var origin = Here;
        var start = _pos;
        Next();
        if (Peek() != '{')
            throw Error(origin, "'$' is not allowed outside quotes unless it starts a substitution ${...}");
        Next();
        var optional = false;
        if (Peek() == '?')
        {
            Next();
            optional = true;
        }

        var pieces = new List<PathPiece>();
        while (true)
        {
            if (AtEnd || Peek() == '\n')
                throw Error(origin, "substitution is not closed with '}' on the same line");
            var c = Peek();
            if (c == '}')
            {
                Next();
                break;
            }

            if (c == '"')
            {
                if (Peek(1) == '"' && Peek(2) == '"')
                    throw Error(Here, "triple-quoted strings are not allowed in a substitution path");
                pieces.Add(new PathPiece(ReadQuoted(), Quoted: true));
            }
            else if (IsWhitespace(c))
            {
                var from = _pos;
                while (!AtEnd && IsWhitespace(Peek()))
                    Next();
                pieces.Add(new PathPiece(_text[from.._pos], Quoted: false));
            }
            else if (Forbidden.Contains(c) || (c == '/' && Peek(1) == '/'))
            {
                throw Error(Here, $"'{c}' is not allowed in a substitution path");
            }
            else
            {
                pieces.Add(new PathPiece(ReadUnquoted(), Quoted: false));
            }
        }

        return new Token(TokenType.Substitution, _text[start.._pos], origin) { Optional = optional, PathPieces = pieces };
    }
}
