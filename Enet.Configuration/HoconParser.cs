namespace Enet.Configuration;

/// <summary>
/// Recursive-descent parser from tokens to an unresolved tree: objects are merged as fields repeat
/// (HOCON.md "Duplicate keys and object merging"), concatenations without substitutions are done on
/// the spot, includes are read in place, and anything needing a substitution is left for
/// <see cref="ConfigResolver"/>. Nesting is bounded so hostile input fails with an error instead of
/// overflowing the stack.
/// </summary>
internal sealed class HoconParser
{
    /// <summary>Deepest nesting of objects and arrays, counted across included files.</summary>
    public const int MaxDepth = 100;

    private readonly List<Token> _tokens;
    private readonly ConfigIncluder _includer;
    private int _pos;
    private int _depth;

    private HoconParser(List<Token> tokens, ConfigIncluder includer)
    {
        _tokens = tokens;
        _includer = includer;
        _depth = includer.Depth;
    }

    /// <summary>Parses a whole document; its root must be an object, braces optional (HOCON.md "Omit root braces").</summary>
    public static ConfigObject Parse(string text, string description, ConfigIncluder includer)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
            text = text[1..];
        var parser = new HoconParser(Tokenizer.Tokenize(text, description), includer);
        return parser.ParseDocument();
    }

    private Token Peek => _tokens[_pos];

    private Token Advance() => _tokens[_pos++];

    private ConfigObject ParseDocument()
    {
        SkipWhitespaceAndNewlines();
        if (Peek.Type == TokenType.OpenBracket)
            throw new ConfigException(Peek.Origin, "the root of a configuration must be an object, not an array");

        ConfigObject root;
        if (Peek.Type == TokenType.OpenBrace)
        {
            root = ParseObject(braced: true, _includer.BasePath);
            SkipWhitespaceAndNewlines();
            if (Peek.Type != TokenType.End)
                throw new ConfigException(Peek.Origin, $"unexpected {Peek.Describe()} after the closing '}}' of the root object");
        }
        else
        {
            root = ParseObject(braced: false, _includer.BasePath);
        }

        return root;
    }

    private void SkipWhitespace()
    {
        while (Peek.Type == TokenType.Whitespace)
            _pos++;
    }

    private void SkipWhitespaceAndNewlines()
    {
        while (Peek.Type is TokenType.Whitespace or TokenType.Newline)
            _pos++;
    }

    /// <summary>
    /// HOCON.md "Commas": after a field or element comes a comma, a newline, or the closing bracket. A
    /// comma may also follow newlines, and at most one comma may precede the closing bracket.
    /// </summary>
    /// <returns>False when none of these follows.</returns>
    private bool SkipSeparator(TokenType close)
    {
        SkipWhitespace();
        var sawNewline = Peek.Type == TokenType.Newline;
        SkipWhitespaceAndNewlines();
        if (Peek.Type == TokenType.Comma)
        {
            Advance();
            SkipWhitespaceAndNewlines();
            if (Peek.Type == TokenType.Comma)
                throw new ConfigException(Peek.Origin, "two commas in a row (HOCON.md \"Commas\")");
            return true;
        }

        return sawNewline || Peek.Type == close || Peek.Type == TokenType.End;
    }

    private void Enter(ConfigOrigin origin)
    {
        if (++_depth > MaxDepth)
            throw new ConfigException(origin, $"objects and arrays are nested more than {MaxDepth} deep");
    }

    /// <param name="path">Where this object sits from the root, or null inside an array (where includes are not allowed).</param>
    private ConfigObject ParseObject(bool braced, IReadOnlyList<string>? path)
    {
        var open = Peek.Origin;
        if (braced)
            Advance();
        Enter(open);
        var obj = new ConfigObject(open);
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var token = Peek;
            if (token.Type == TokenType.CloseBrace)
            {
                if (!braced)
                    throw new ConfigException(token.Origin, "'}' without a matching '{'");
                Advance();
                break;
            }

            if (token.Type == TokenType.End)
            {
                if (braced)
                    throw new ConfigException(token.Origin, $"end of file before the '}}' that closes the '{{' at line {open.Line}, column {open.Column}");
                break;
            }

            if (token.Type == TokenType.Unquoted && token.Text == "include")
                ParseInclude(obj, path);
            else
                ParseField(obj, path);

            if (!SkipSeparator(TokenType.CloseBrace))
                throw new ConfigException(Peek.Origin, $"expected ',' or a newline after a field, found {Peek.Describe()}");
        }

        _depth--;
        return obj;
    }

    private void ParseField(ConfigObject obj, IReadOnlyList<string>? path)
    {
        var keyOrigin = Peek.Origin;
        var pieces = new List<PathPiece>();
        while (Peek.IsSimpleValue || Peek.Type == TokenType.Whitespace)
        {
            var t = Advance();
            pieces.Add(new PathPiece(t.Text, t.Type == TokenType.Quoted));
        }

        if (pieces.Count == 0)
            throw new ConfigException(Peek.Origin, Peek.Type == TokenType.Substitution
                ? "substitutions are not allowed in keys"
                : $"expected a key, found {Peek.Describe()}");
        var key = ConfigPath.FromPieces(pieces, keyOrigin);
        IReadOnlyList<string>? fieldPath = path is null ? null : [.. path, .. key];

        SkipWhitespaceAndNewlines();
        var separator = Peek;
        ConfigValue value;
        switch (separator.Type)
        {
            case TokenType.OpenBrace:
                value = ParseObject(braced: true, fieldPath);
                break;
            case TokenType.Colon or TokenType.Equals:
                Advance();
                value = ParseValue(fieldPath);
                break;
            case TokenType.PlusEquals:
                Advance();
                value = AppendTo(fieldPath, ParseValue(fieldPath), separator.Origin);
                break;
            default:
                throw new ConfigException(separator.Origin,
                    $"expected ':', '=', '+=' or '{{' after the key {ConfigPath.Render(key)}, found {separator.Describe()}");
        }

        for (var i = key.Count - 1; i > 0; i--)
        {
            var wrapper = new ConfigObject(keyOrigin);
            wrapper.Set(key[i], value);
            value = wrapper;
        }

        ConfigMerge.MergeField(obj, key[0], value);
    }

    /// <summary>HOCON.md "The += field separator": <c>a += b</c> is <c>a = ${?a} [b]</c>.</summary>
    private static ConfigConcatenation AppendTo(IReadOnlyList<string>? fieldPath, ConfigValue element, ConfigOrigin origin)
    {
        if (fieldPath is null)
            throw new ConfigException(origin, "'+=' is not supported inside an object within an array");
        var self = new ConfigSubstitution(origin, fieldPath, optional: true, prefix: []);
        return new ConfigConcatenation(origin, [self, new ConfigList(origin, [element])]);
    }

    /// <summary>
    /// A value concatenation (HOCON.md "Value concatenation"): simple values, objects, arrays and
    /// substitutions separated only by non-newline whitespace.
    /// </summary>
    private ConfigValue ParseValue(IReadOnlyList<string>? path)
    {
        SkipWhitespaceAndNewlines();
        var start = Peek;
        var parts = new List<ConfigValue>();
        Token? pendingWhitespace = null;
        while (true)
        {
            var t = Peek;
            ConfigValue? part = t.Type switch
            {
                TokenType.Quoted or TokenType.Unquoted => new ConfigString(t.Origin, t.Text),
                TokenType.Number => new ConfigNumber(t.Origin, t.Text),
                TokenType.True or TokenType.False => new ConfigBoolean(t.Origin, t.Type == TokenType.True),
                TokenType.Null => new ConfigNull(t.Origin),
                TokenType.Substitution => new ConfigSubstitution(t.Origin,
                    ConfigPath.FromPieces(t.PathPieces, t.Origin), t.Optional, _includer.BasePath),
                _ => null,
            };
            if (t.Type == TokenType.Whitespace)
            {
                Advance();
                if (parts.Count > 0)
                    pendingWhitespace = t;
                continue;
            }

            if (part is null && t.Type == TokenType.OpenBrace)
                part = ParseObject(braced: true, path);
            else if (part is null && t.Type == TokenType.OpenBracket)
                part = ParseArray();
            else if (part is null)
                break;
            else
                Advance();

            if (pendingWhitespace is not null)
            {
                parts.Add(new ConfigString(pendingWhitespace.Origin, pendingWhitespace.Text, isWhitespace: true));
                pendingWhitespace = null;
            }

            parts.Add(part);
        }

        return parts.Count switch
        {
            0 => throw new ConfigException(start.Origin, $"expected a value, found {start.Describe()}"),
            1 => parts[0],
            _ => Concatenate(start.Origin, parts),
        };
    }

    /// <summary>Concatenates now when no substitution is involved; otherwise the resolver decides the type.</summary>
    private static ConfigValue Concatenate(ConfigOrigin origin, List<ConfigValue> parts)
    {
        if (parts.Exists(p => p is ConfigSubstitution))
            return new ConfigConcatenation(origin, parts);

        var values = parts.Where(p => p is not ConfigString { IsWhitespace: true }).ToList();
        if (values.TrueForAll(v => v is ConfigObject))
        {
            var merged = new ConfigObject(origin);
            foreach (var obj in values.Cast<ConfigObject>())
                foreach (var (k, v) in obj)
                    ConfigMerge.MergeField(merged, k, v);
            return merged;
        }

        if (values.TrueForAll(v => v is ConfigList))
            return new ConfigList(origin, values.Cast<ConfigList>().SelectMany(l => l));

        var mixed = values.Find(v => v is ConfigObject or ConfigList);
        if (mixed is not null)
            throw new ConfigException(mixed.Origin,
                $"cannot concatenate {ConfigMerge.Describe(mixed)} with {ConfigMerge.Describe(values.First(v => v.GetType() != mixed.GetType()))} (HOCON.md \"Value concatenation\")");
        return new ConfigString(origin, string.Concat(parts.Select(p => p.ToString())));
    }

    private ConfigList ParseArray()
    {
        var open = Advance().Origin;
        Enter(open);
        var items = new List<ConfigValue>();
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var token = Peek;
            if (token.Type == TokenType.CloseBracket)
            {
                Advance();
                break;
            }

            if (token.Type == TokenType.End)
                throw new ConfigException(token.Origin, $"end of file before the ']' that closes the '[' at line {open.Line}, column {open.Column}");
            if (token.Type == TokenType.Comma)
                throw new ConfigException(token.Origin, "expected an array element, found ',' (HOCON.md \"Commas\")");

            items.Add(ParseValue(path: null));
            if (!SkipSeparator(TokenType.CloseBracket))
                throw new ConfigException(Peek.Origin, $"expected ',' or a newline or ']' after an array element, found {Peek.Describe()}");
        }

        _depth--;
        return new ConfigList(open, items);
    }

    /// <summary>
    /// HOCON.md "Include syntax": <c>include</c> then a quoted string, optionally wrapped in
    /// <c>file()</c>, <c>classpath()</c> or <c>url()</c>, and that optionally in <c>required()</c>.
    /// The unquoted tokens around the string are joined without whitespace and matched as a whole.
    /// </summary>
    private void ParseInclude(ConfigObject obj, IReadOnlyList<string>? path)
    {
        var origin = Advance().Origin;
        if (path is null)
            throw new ConfigException(origin, "include is not supported inside an object within an array");
        SkipWhitespaceAndNewlines();
        var before = "";
        while (Peek.Type is TokenType.Unquoted or TokenType.Whitespace)
        {
            if (Peek.Type == TokenType.Unquoted)
                before += Peek.Text;
            Advance();
        }

        if (Peek.Type != TokenType.Quoted)
            throw new ConfigException(Peek.Origin, $"include must be followed by a quoted file name, found {Peek.Describe()}");
        var name = Advance().Text;
        var after = "";
        while (Peek.Type is TokenType.Unquoted or TokenType.Whitespace)
        {
            if (Peek.Type == TokenType.Unquoted)
                after += Peek.Text;
            Advance();
        }

        var required = before.StartsWith("required(", StringComparison.Ordinal);
        var kindText = required ? before["required(".Length..] : before;
        var kind = kindText switch
        {
            "" => IncludeKind.Heuristic,
            "file(" => IncludeKind.File,
            "classpath(" => IncludeKind.Classpath,
            "url(" => IncludeKind.Url,
            _ => throw new ConfigException(origin, $"include syntax not understood: '{before}' (expected file(, classpath(, url( or required()"),
        };
        if (after != new string(')', before.Count(c => c == '(')))
            throw new ConfigException(origin, $"include of \"{name}\": unbalanced or unexpected text after the name: '{after}'");

        var included = _includer.Include(kind, name, required, origin, path, _depth);
        foreach (var (k, v) in included)
            ConfigMerge.MergeField(obj, k, v);
    }
}
