using System.Globalization;

namespace Enet.Configuration;

/// <summary>
/// A resolved configuration and typed reads by path (<c>enet.actor.throughput</c>, quoted elements
/// allowed). Reads convert as HOCON.md "Automatic type conversions" allows: numbers and booleans read
/// as strings, numeric strings as numbers, <c>yes/no/on/off</c> as booleans. A missing path or a value
/// of the wrong type is a <see cref="ConfigException"/> naming the path and where the value came from.
/// </summary>
public sealed class Config
{
    public Config(ConfigObject root) => Root = root;

    /// <summary>The resolved root object.</summary>
    public ConfigObject Root { get; }

    public bool IsEmpty => Root.Count == 0;

    /// <summary>True when the path leads to a value other than null (as upstream's hasPath); false also when a parent is not an object.</summary>
    public bool HasPath(string path) => Find(ConfigPath.Parse(path), strict: false).Value is { } value and not ConfigNull;

    /// <summary>The value at a path, of any type.</summary>
    public ConfigValue GetValue(string path)
    {
        var elements = ConfigPath.Parse(path);
        var (value, origin) = Find(elements, strict: true);
        return value ?? throw new ConfigException(origin, $"no setting at path '{ConfigPath.Render(elements)}'");
    }

    public string GetString(string path) => AsString(path, GetValue(path));

    public bool GetBoolean(string path) => AsBoolean(path, GetValue(path));

    public int GetInt(string path)
    {
        var number = GetLong(path);
        return number is >= int.MinValue and <= int.MaxValue
            ? (int)number
            : throw new ConfigException(GetValue(path).Origin, $"'{path}' is {number}, out of range for a 32-bit integer");
    }

    public long GetLong(string path) => AsLong(path, GetValue(path));

    public double GetDouble(string path) => AsDouble(path, GetValue(path));

    /// <summary>HOCON.md "Duration format": a bare number is milliseconds.</summary>
    public TimeSpan GetDuration(string path) => AsDuration(path, GetValue(path));

    /// <summary>HOCON.md "Size in bytes format": a bare number is bytes.</summary>
    public long GetBytes(string path) => AsBytes(path, GetValue(path));

    public Config GetConfig(string path) => new(AsObject(path, GetValue(path)));

    public IReadOnlyList<string> GetStringList(string path) => GetList(path, AsString);

    public IReadOnlyList<int> GetIntList(string path) => GetList(path, (p, v) => checked((int)AsLong(p, v)));

    public IReadOnlyList<long> GetLongList(string path) => GetList(path, AsLong);

    public IReadOnlyList<double> GetDoubleList(string path) => GetList(path, AsDouble);

    public IReadOnlyList<bool> GetBooleanList(string path) => GetList(path, AsBoolean);

    public IReadOnlyList<TimeSpan> GetDurationList(string path) => GetList(path, AsDuration);

    public IReadOnlyList<long> GetBytesList(string path) => GetList(path, AsBytes);

    public IReadOnlyList<Config> GetConfigList(string path) => GetList(path, (p, v) => new Config(AsObject(p, v)));

    /// <summary>Every non-null leaf (scalar or array) with its full path, as upstream's entrySet.</summary>
    public IEnumerable<KeyValuePair<string, ConfigValue>> AsEnumerable() => Leaves(Root, []);

    /// <summary>This configuration with <paramref name="fallback"/> filling in what it lacks; objects merge.</summary>
    public Config WithFallback(Config fallback) => new(ConfigMerge.Merge([Root, fallback.Root]));

    /// <summary>The configuration as indented JSON.</summary>
    public override string ToString() => ConfigJson.Render(Root);

    private static IEnumerable<KeyValuePair<string, ConfigValue>> Leaves(ConfigObject obj, List<string> prefix)
    {
        foreach (var (key, value) in obj)
        {
            List<string> path = [.. prefix, key];
            if (value is ConfigObject child)
            {
                foreach (var leaf in Leaves(child, path))
                    yield return leaf;
            }
            else if (value is not ConfigNull)
            {
                yield return new(ConfigPath.Render(path), value);
            }
        }
    }

    /// <param name="strict">Whether a non-object parent is an error rather than a missing path.</param>
    private (ConfigValue? Value, ConfigOrigin? Origin) Find(IReadOnlyList<string> path, bool strict)
    {
        ConfigValue current = Root;
        foreach (var key in path)
        {
            if (current is not ConfigObject obj)
            {
                if (!strict)
                    return (null, current.Origin);
                throw new ConfigException(current.Origin,
                    $"cannot read '{ConfigPath.Render(path)}': a parent is {Describe(current)}, not an object");
            }

            if (!obj.TryGetValue(key, out var next))
                return (null, obj.Count > 0 || obj != Root ? obj.Origin : null);
            current = next;
        }

        return (current, current.Origin);
    }

    private IReadOnlyList<T> GetList<T>(string path, Func<string, ConfigValue, T> convert)
    {
        var value = GetValue(path);
        var list = value as ConfigList ?? (value is ConfigObject obj ? ConfigList.FromNumericKeys(obj) : null)
            ?? throw WrongType(path, value, "a list");
        return list.Select((item, i) => convert($"{path}[{i}]", item)).ToList();
    }

    private static string Describe(ConfigValue value) => value switch
    {
        ConfigObject => "an object",
        ConfigList => "a list",
        ConfigNull => "null",
        ConfigString s => $"the string \"{s.Value}\"",
        _ => $"{value.Type.ToString().ToLowerInvariant()} {value}",
    };

    private static ConfigException WrongType(string path, ConfigValue value, string expected) =>
        new(value.Origin, $"'{path}' is {Describe(value)}, not {expected}");

    private static string AsString(string path, ConfigValue value) => value switch
    {
        ConfigString or ConfigNumber or ConfigBoolean => value.ToString()!,
        _ => throw WrongType(path, value, "a string"),
    };

    private static bool AsBoolean(string path, ConfigValue value) => value switch
    {
        ConfigBoolean b => b.Value,
        ConfigString { Value: "true" or "yes" or "on" } => true,
        ConfigString { Value: "false" or "no" or "off" } => false,
        _ => throw WrongType(path, value, "a boolean"),
    };

    private static long AsLong(string path, ConfigValue value)
    {
        var text = value switch
        {
            ConfigNumber n => n.Text,
            ConfigString s => s.Value.Trim(),
            _ => throw WrongType(path, value, "a number"),
        };
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            return number;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            && real == Math.Floor(real) && real is >= long.MinValue and < long.MaxValue)
            return (long)real;
        throw WrongType(path, value, "a whole number that fits 64 bits");
    }

    private static double AsDouble(string path, ConfigValue value)
    {
        var text = value switch
        {
            ConfigNumber n => n.Text,
            ConfigString s => s.Value.Trim(),
            _ => throw WrongType(path, value, "a number"),
        };
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw WrongType(path, value, "a number");
    }

    private static TimeSpan AsDuration(string path, ConfigValue value)
    {
        var text = value switch
        {
            ConfigNumber n => n.Text,
            ConfigString s => s.Value,
            _ => throw WrongType(path, value, "a duration"),
        };
        return DurationFormat.TryParse(text, out var duration, out var error)
            ? duration
            : throw new ConfigException(value.Origin, $"'{path}' is not a duration: {error}");
    }

    private static long AsBytes(string path, ConfigValue value)
    {
        var text = value switch
        {
            ConfigNumber n => n.Text,
            ConfigString s => s.Value,
            _ => throw WrongType(path, value, "a size in bytes"),
        };
        return SizeFormat.TryParse(text, out var bytes, out var error)
            ? bytes
            : throw new ConfigException(value.Origin, $"'{path}' is not a size in bytes: {error}");
    }

    private static ConfigObject AsObject(string path, ConfigValue value) =>
        value as ConfigObject ?? throw WrongType(path, value, "an object");
}
