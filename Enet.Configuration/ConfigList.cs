using System.Collections;
using System.Globalization;

namespace Enet.Configuration;

/// <summary>An array value.</summary>
public sealed class ConfigList : ConfigValue, IReadOnlyList<ConfigValue>
{
    private readonly List<ConfigValue> _items;

    public ConfigList(ConfigOrigin origin, IEnumerable<ConfigValue> items) : base(origin) => _items = [.. items];

    public override ConfigValueType Type => ConfigValueType.List;

    public int Count => _items.Count;

    public ConfigValue this[int index] => _items[index];

    public IEnumerator<ConfigValue> GetEnumerator() => _items.GetEnumerator();

    /// <summary>
    /// HOCON.md "Conversion of numerically-indexed objects to arrays": <c>{ "0" : a, "2" : b }</c> reads as
    /// <c>[a, b]</c> where a list is asked for (so <c>foo.0 = a</c> works in .properties). Other keys are
    /// ignored; null when no key is a non-negative integer.
    /// </summary>
    internal static ConfigList? FromNumericKeys(ConfigObject obj)
    {
        var indexed = obj
            .Select(field => (Ok: int.TryParse(field.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index), Index: index, field.Value))
            .Where(entry => entry.Ok)
            .OrderBy(entry => entry.Index)
            .Select(entry => entry.Value)
            .ToList();
        return indexed.Count == 0 ? null : new ConfigList(obj.Origin, indexed);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
