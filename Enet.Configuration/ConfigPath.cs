using System.Text;
using System.Text.Json;

namespace Enet.Configuration;

/// <summary>
/// Path expressions (HOCON.md "Path expressions"): built from the pieces of a key or substitution, parsed
/// from the strings callers pass to <see cref="Config"/>, and rendered back for messages.
/// </summary>
internal static class ConfigPath
{
    /// <summary>
    /// Joins pieces into path elements: unquoted dots separate elements, quoted text never does, outer
    /// unquoted whitespace is dropped, and an empty element must be quoted (<c>a..b</c> is an error).
    /// </summary>
    public static IReadOnlyList<string> FromPieces(IReadOnlyList<PathPiece> pieces, ConfigOrigin origin)
    {
        var first = 0;
        var last = pieces.Count - 1;
        while (first <= last && IsBlank(pieces[first]))
            first++;
        while (last >= first && IsBlank(pieces[last]))
            last--;
        if (first > last)
            throw new ConfigException(origin, "a path expression may not be empty (quote it: \"\")");

        var elements = new List<string>();
        var current = new StringBuilder();
        var currentQuoted = false;
        for (var i = first; i <= last; i++)
        {
            var piece = pieces[i];
            if (piece.Quoted)
            {
                current.Append(piece.Text);
                currentQuoted = true;
                continue;
            }

            var parts = piece.Text.Split('.');
            current.Append(parts[0]);
            for (var p = 1; p < parts.Length; p++)
            {
                Finish();
                current.Append(parts[p]);
            }
        }

        Finish();
        return elements;

        void Finish()
        {
            if (current.Length == 0 && !currentQuoted)
                throw new ConfigException(origin,
                    "a path expression may not start or end with '.' or contain '..'; quote an empty element as \"\"");
            elements.Add(current.ToString());
            current.Clear();
            currentQuoted = false;
        }
    }

    /// <summary>Parses a path such as <c>enet.arp."max-entries"</c> given to the <see cref="Config"/> API.</summary>
    public static IReadOnlyList<string> Parse(string path)
    {
        var origin = new ConfigOrigin("path '" + path + "'", 1, 1);
        var pieces = new List<PathPiece>();
        foreach (var token in Tokenizer.Tokenize(path, origin.Description))
        {
            if (token.Type == TokenType.End)
                break;
            if (token.Type is not (TokenType.Whitespace or TokenType.Quoted) && !token.IsSimpleValue)
                throw new ConfigException(token.Origin, $"{token.Describe()} is not allowed in a path; quote the element");
            pieces.Add(new PathPiece(token.Text, token.Type == TokenType.Quoted));
        }

        return FromPieces(pieces, origin);
    }

    /// <summary>Renders elements as a path expression, quoting any element that would not read back the same.</summary>
    public static string Render(IEnumerable<string> elements) => string.Join('.', elements.Select(RenderElement));

    private static string RenderElement(string element) =>
        element.Length > 0 && element.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? element
            : JsonSerializer.Serialize(element);

    private static bool IsBlank(PathPiece piece) => !piece.Quoted && piece.Text.All(Tokenizer.IsWhitespace);
}
