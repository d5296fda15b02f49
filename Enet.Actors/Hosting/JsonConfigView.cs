using System.Text.Json;

namespace Enet.Actors.Hosting;

/// <summary>
/// An <see cref="IConfigView"/> over JSON, which is valid HOCON: what `enet run` reads until the HOCON
/// reader is wired in. A missing path or a value of the wrong type throws <see cref="FormatException"/>
/// naming the path.
/// </summary>
public sealed class JsonConfigView : IConfigView
{
    private readonly JsonElement root;
    private readonly string prefix;

    private JsonConfigView(JsonElement root, string prefix)
    {
        this.root = root;
        this.prefix = prefix;
    }

    public static JsonConfigView Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return new JsonConfigView(document.RootElement.Clone(), "");
    }

    public IEnumerable<string> Keys => root.ValueKind == JsonValueKind.Object ? root.EnumerateObject().Select(p => p.Name) : [];

    public bool HasPath(string path) => TryFind(path, out var value) && value.ValueKind != JsonValueKind.Null;

    public string GetString(string path) => Find(path) is { ValueKind: JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } value
        ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
        : throw WrongType(path, "a string");

    public int GetInt(string path) => Find(path) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number)
        ? number
        : int.TryParse(GetString(path), out number) ? number : throw WrongType(path, "an integer");

    public IReadOnlyList<string> GetStringList(string path) => Find(path) is { ValueKind: JsonValueKind.Array } value
        ? [.. value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())]
        : throw WrongType(path, "a list");

    public IConfigView GetConfig(string path) => Find(path) is { ValueKind: JsonValueKind.Object } value
        ? new JsonConfigView(value, $"{prefix}{path}.")
        : throw WrongType(path, "an object");

    private JsonElement Find(string path) => TryFind(path, out var value) ? value : throw new FormatException($"configuration: {prefix}{path} is missing");

    private bool TryFind(string path, out JsonElement value)
    {
        value = root;
        foreach (var key in path.Split('.'))
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(key, out value))
                return false;
        return true;
    }

    private FormatException WrongType(string path, string expected) => new($"configuration: {prefix}{path} must be {expected}");
}
