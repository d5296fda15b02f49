namespace Enet.Runtime.Configuration;

/// <summary>Merging of resolved objects (HOCON.md "Duplicate keys and object merging").</summary>
internal static class ConfigMerge
{
    /// <summary>Merges objects given latest first: fields of earlier objects win, objects in both merge recursively.</summary>
    public static ConfigObject Merge(IReadOnlyList<ConfigObject> latestFirst)
    {
        var fields = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        for (var i = latestFirst.Count - 1; i >= 0; i--)
        {
            foreach (var (key, value) in latestFirst[i])
            {
                fields[key] = value is ConfigObject newer && fields.TryGetValue(key, out var older) && older is ConfigObject olderObject
                    ? Merge([newer, olderObject])
                    : value;
            }
        }

        return new ConfigObject(latestFirst[0].Origin, fields);
    }
}
