using System.Collections;

namespace Enet.Runtime.Configuration;

/// <summary>An array value.</summary>
public sealed class ConfigList : ConfigValue, IReadOnlyList<ConfigValue>
{
    private readonly List<ConfigValue> _items;

    public ConfigList(ConfigOrigin origin, IEnumerable<ConfigValue> items) : base(origin) => _items = [.. items];

    public override ConfigValueType Type => ConfigValueType.List;

    public int Count => _items.Count;

    public ConfigValue this[int index] => _items[index];

    public IEnumerator<ConfigValue> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
