using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Enet.Configuration;

/// <summary>
/// An object value: fields in the order they were first written. The parser fills one in place while
/// it reads a file; once resolved, an object is never changed.
/// </summary>
public sealed class ConfigObject : ConfigValue, IReadOnlyDictionary<string, ConfigValue>
{
    private readonly Dictionary<string, ConfigValue> _fields;

    public ConfigObject(ConfigOrigin origin) : this(origin, []) { }

    public ConfigObject(ConfigOrigin origin, IEnumerable<KeyValuePair<string, ConfigValue>> fields) : base(origin) =>
        _fields = new Dictionary<string, ConfigValue>(fields, StringComparer.Ordinal);

    public override ConfigValueType Type => ConfigValueType.Object;

    public int Count => _fields.Count;

    public IEnumerable<string> Keys => _fields.Keys;

    public IEnumerable<ConfigValue> Values => _fields.Values;

    public ConfigValue this[string key] => _fields[key];

    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out ConfigValue value) => _fields.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, ConfigValue>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Set(string key, ConfigValue value) => _fields[key] = value;
}
