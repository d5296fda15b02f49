namespace Enet.Configuration;

/// <summary>Merging of objects, parsed or resolved (HOCON.md "Duplicate keys and object merging").</summary>
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

    /// <summary>
    /// Sets a field the way a repeated key does: objects merge, anything else replaces, and a value with
    /// a substitution is stacked over the earlier ones so it can refer back to them. Parsed objects
    /// belong to the parse that made them, so they are merged in place.
    /// </summary>
    public static void MergeField(ConfigObject obj, string key, ConfigValue value)
    {
        if (!obj.TryGetValue(key, out var existing))
        {
            obj.Set(key, value);
            return;
        }

        if (existing is ConfigObject older && value is ConfigObject newer)
        {
            foreach (var (k, v) in newer)
                MergeField(older, k, v);
            return;
        }

        var unresolved = value is ConfigSubstitution or ConfigConcatenation
            || (value is ConfigObject && existing is ConfigSubstitution or ConfigConcatenation or ConfigMergeStack);
        if (!unresolved)
        {
            obj.Set(key, value);
            return;
        }

        IReadOnlyList<ConfigValue> below = existing is ConfigMergeStack stack ? stack.Layers : [existing];
        obj.Set(key, new ConfigMergeStack(value.Origin, [.. below, value]));
    }

    /// <summary>How a value is named in concatenation errors.</summary>
    public static string Describe(ConfigValue value) => value switch
    {
        ConfigObject => "an object",
        ConfigList => "an array",
        _ => "a simple value",
    };
}
