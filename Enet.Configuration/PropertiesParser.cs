using System.Globalization;
using System.Text;

namespace Enet.Configuration;

/// <summary>
/// Java <c>.properties</c> files for includes (HOCON.md "Java properties mapping"): keys split on every
/// '.', values always strings, and when a key is both a value and a parent the object wins.
/// </summary>
internal static class PropertiesParser
{
    public static ConfigObject Parse(string text, string description)
    {
        var root = new ConfigObject(new ConfigOrigin(description, 1, 1));
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var line = lines[i].TrimStart();
            if (line.Length == 0 || line[0] is '#' or '!')
                continue;
            while (EndsWithContinuation(line) && i + 1 < lines.Length)
                line = line[..^1] + lines[++i].TrimStart();

            var (key, value) = Split(line);
            var origin = new ConfigOrigin(description, lineNumber, 1);
            Put(root, key.Split('.'), new ConfigString(origin, value), origin);
        }

        return root;
    }

    private static bool EndsWithContinuation(string line)
    {
        var backslashes = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
            backslashes++;
        return backslashes % 2 == 1;
    }

    /// <summary>The key ends at the first unescaped '=', ':' or whitespace; one separator and surrounding whitespace are skipped.</summary>
    private static (string Key, string Value) Split(string line)
    {
        var end = 0;
        while (end < line.Length && line[end] is not ('=' or ':') && !char.IsWhiteSpace(line[end]))
            end += line[end] == '\\' ? 2 : 1;
        end = Math.Min(end, line.Length);
        var rest = end;
        while (rest < line.Length && char.IsWhiteSpace(line[rest]))
            rest++;
        if (rest < line.Length && line[rest] is '=' or ':')
            rest++;
        while (rest < line.Length && char.IsWhiteSpace(line[rest]))
            rest++;
        return (Unescape(line[..end]), Unescape(line[rest..]));
    }

    private static string Unescape(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 >= s.Length)
            {
                sb.Append(s[i]);
                continue;
            }

            var c = s[++i];
            if (c == 'u' && i + 4 < s.Length
                && int.TryParse(s.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
            {
                sb.Append((char)code);
                i += 4;
                continue;
            }

            sb.Append(c switch { 't' => '\t', 'n' => '\n', 'r' => '\r', 'f' => '\f', _ => c });
        }

        return sb.ToString();
    }

    private static void Put(ConfigObject root, string[] path, ConfigString value, ConfigOrigin origin)
    {
        var current = root;
        foreach (var element in path[..^1])
        {
            if (current.TryGetValue(element, out var existing) && existing is ConfigObject child)
            {
                current = child;
                continue;
            }

            var created = new ConfigObject(origin);
            current.Set(element, created);
            current = created;
        }

        if (!(current.TryGetValue(path[^1], out var old) && old is ConfigObject))
            current.Set(path[^1], value);
    }
}
