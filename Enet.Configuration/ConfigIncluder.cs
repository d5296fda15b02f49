using System.Reflection;

namespace Enet.Configuration;

/// <summary>
/// Finds and reads included documents for one including document: files relative to the including
/// file's directory, <c>classpath()</c> mapped to resources embedded in Enet.Configuration, and extension
/// probing (HOCON.md "Include semantics"). It carries the chain of files being read so an include
/// cycle is an error instead of endless recursion.
/// </summary>
internal sealed class ConfigIncluder
{
    /// <summary>Deepest chain of nested includes; upstream also stops runaway include nesting.</summary>
    public const int MaxIncludeDepth = 50;

    private static readonly string[] ProbeOrder = [".properties", ".json", ".conf"];

    private readonly string? _baseDirectory;
    private readonly IReadOnlyList<string> _chain;

    private ConfigIncluder(string? baseDirectory, IReadOnlyList<string> chain, IReadOnlyList<string> basePath, int depth)
    {
        _baseDirectory = baseDirectory;
        _chain = chain;
        BasePath = basePath;
        Depth = depth;
    }

    /// <summary>The path, from the root, at which the document being parsed was included.</summary>
    public IReadOnlyList<string> BasePath { get; }

    /// <summary>Nesting depth of objects and arrays at the include point.</summary>
    public int Depth { get; }

    /// <summary>For text with no file: relative includes are looked up from the working directory.</summary>
    public static ConfigIncluder ForText() => new(Directory.GetCurrentDirectory(), [], [], 0);

    public static ConfigIncluder ForFile(string path) =>
        new(Path.GetDirectoryName(Path.GetFullPath(path)), [Path.GetFullPath(path)], [], 0);

    /// <summary>For an embedded resource: its bare includes name other embedded resources.</summary>
    public static ConfigIncluder ForResource(string name) => new(null, ["resource:" + name], [], 0);

    /// <summary>Reads a document of any supported format, chosen by extension.</summary>
    public static ConfigObject ReadFile(string path, ConfigIncluder includer)
    {
        var text = File.ReadAllText(path);
        return Path.GetExtension(path).Equals(".properties", StringComparison.OrdinalIgnoreCase)
            ? PropertiesParser.Parse(text, path)
            : HoconParser.Parse(text, path, includer);
    }

    /// <summary>Reads an embedded resource, or null when Enet.Runtime has none by that name.</summary>
    public static ConfigObject? ReadResource(string name, ConfigIncluder includer)
    {
        using var stream = ResourceAssembly.GetManifestResourceStream(name);
        if (stream is null)
            return null;
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var description = "resource:" + name;
        return name.EndsWith(".properties", StringComparison.OrdinalIgnoreCase)
            ? PropertiesParser.Parse(text, description)
            : HoconParser.Parse(text, description, includer);
    }

    private static Assembly ResourceAssembly => typeof(ConfigIncluder).Assembly;

    public ConfigObject Include(IncludeKind kind, string name, bool required, ConfigOrigin origin, IReadOnlyList<string> at, int depth)
    {
        if (_chain.Count >= MaxIncludeDepth)
            throw new ConfigException(origin, $"includes are nested more than {MaxIncludeDepth} deep (is there an include cycle?)");

        if (kind == IncludeKind.Heuristic && Uri.TryCreate(name, UriKind.Absolute, out var uri) && name.Contains("://", StringComparison.Ordinal))
        {
            if (!uri.IsFile)
                kind = IncludeKind.Url;
            else
                (kind, name) = (IncludeKind.File, uri.LocalPath);
        }

        if (kind == IncludeKind.Url)
            throw new ConfigException(origin, $"include url(\"{name}\") is not supported: Enet only includes local files and embedded resources");

        var found = new List<ConfigObject>();
        var looked = new List<string>();
        if (kind != IncludeKind.Classpath && _baseDirectory is not null)
            IncludeFiles(Path.Combine(_baseDirectory, name), origin, at, depth, found, looked);
        if (found.Count == 0 && (kind == IncludeKind.Classpath || _baseDirectory is null || kind == IncludeKind.Heuristic))
            IncludeResources(name.TrimStart('/'), origin, at, depth, found, looked);

        if (found.Count == 0 && required)
            throw new ConfigException(origin,
                $"required include \"{name}\" not found (looked for {string.Join(", ", looked)}; classpath() means resources embedded in Enet.Configuration)");

        var merged = new ConfigObject(origin);
        foreach (var document in found)
            foreach (var (key, value) in document)
                ConfigMerge.MergeField(merged, key, value);
        return merged;
    }

    /// <summary>HOCON.md "Include semantics: file formats and extensions": no extension means every known one, .conf last.</summary>
    private static IEnumerable<string> Candidates(string name) =>
        ProbeOrder.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase)
            ? [name]
            : ProbeOrder.Select(ext => name + ext);

    private void IncludeFiles(string path, ConfigOrigin origin, IReadOnlyList<string> at, int depth, List<ConfigObject> found, List<string> looked)
    {
        foreach (var candidate in Candidates(path))
        {
            looked.Add(candidate);
            if (!File.Exists(candidate))
                continue;
            var full = Path.GetFullPath(candidate);
            if (_chain.Contains(full))
                throw new ConfigException(origin, $"include cycle: {string.Join(" -> ", _chain.Append(full))}");
            var child = new ConfigIncluder(Path.GetDirectoryName(full), [.. _chain, full], at, depth);
            found.Add(ReadFile(candidate, child));
        }
    }

    private void IncludeResources(string name, ConfigOrigin origin, IReadOnlyList<string> at, int depth, List<ConfigObject> found, List<string> looked)
    {
        foreach (var candidate in Candidates(name))
        {
            var key = "resource:" + candidate;
            looked.Add(key);
            if (_chain.Contains(key))
                throw new ConfigException(origin, $"include cycle: {string.Join(" -> ", _chain.Append(key))}");
            if (ReadResource(candidate, new ConfigIncluder(null, [.. _chain, key], at, depth)) is { } document)
                found.Add(document);
        }
    }
}
