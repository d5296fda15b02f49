namespace Enet.Configuration;

/// <summary>
/// Entry points: parse HOCON text or files, and load Enet's layered configuration (application.conf
/// over the built-in reference.conf, resolved together so one may refer to the other, as upstream's
/// <c>ConfigFactory.load</c>).
/// </summary>
public static class ConfigurationFactory
{
    /// <summary>Name of the embedded resource holding every Enet setting with its default.</summary>
    public const string ReferenceResource = "reference.conf";

    /// <summary>The file <see cref="Load()"/> looks for in the working directory.</summary>
    public const string ApplicationFile = "application.conf";

    /// <param name="useEnvironment">Whether substitutions missing from the text fall back to environment variables.</param>
    public static Config ParseString(string text, bool useEnvironment = true) =>
        Resolve(HoconParser.Parse(text, "string", ConfigIncluder.ForText()), useEnvironment);

    /// <summary>Parses a .conf, .json or .properties file; includes are relative to its directory.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Config ParseFile(string path, bool useEnvironment = true) => Resolve(ReadFile(path), useEnvironment);

    /// <summary>The built-in reference.conf alone: every setting at its default.</summary>
    public static Config Default() => Resolve(ReadReference(), useEnvironment: true);

    /// <summary><c>application.conf</c> from the working directory if present, over reference.conf.</summary>
    public static Config Load() => Load(Path.Combine(Directory.GetCurrentDirectory(), ApplicationFile));

    /// <summary>The given application file if it exists, over reference.conf.</summary>
    public static Config Load(string applicationPath) =>
        File.Exists(applicationPath) ? WithReference(ReadFile(applicationPath)) : Default();

    /// <summary><paramref name="config"/> over reference.conf, or <see cref="Load()"/> when it is null.</summary>
    public static Config WithReference(Config? config) => config is null ? Load() : config.WithFallback(Default());

    /// <summary>Resolves an already-parsed file together with reference.conf as its fallback.</summary>
    internal static Config WithReference(ConfigObject application)
    {
        var merged = ReadReference();
        foreach (var (key, value) in application)
            ConfigMerge.MergeField(merged, key, value);
        return Resolve(merged, useEnvironment: true);
    }

    internal static ConfigObject ReadFile(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such configuration file", path);
        return ConfigIncluder.ReadFile(path, ConfigIncluder.ForFile(path));
    }

    private static ConfigObject ReadReference() =>
        ConfigIncluder.ReadResource(ReferenceResource, ConfigIncluder.ForResource(ReferenceResource))
        ?? throw new InvalidOperationException($"Enet.Configuration is built without its embedded {ReferenceResource}");

    private static Config Resolve(ConfigObject root, bool useEnvironment) => new(ConfigResolver.Resolve(root, useEnvironment));
}
