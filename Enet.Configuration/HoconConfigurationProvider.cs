using Microsoft.Extensions.Configuration;

namespace Enet.Configuration;

/// <summary>
/// Flattens a resolved HOCON file into Microsoft.Extensions.Configuration keys: <c>a.b.c</c> becomes
/// <c>a:b:c</c> and array elements <c>a:0</c>, <c>a:1</c>. Scalars keep their source text (so
/// <c>5s</c> stays <c>5s</c>); null becomes a null value.
/// </summary>
public sealed class HoconConfigurationProvider(HoconConfigurationSource source) : ConfigurationProvider
{
    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(source.Path))
            Flatten(ConfigurationFactory.ParseFile(source.Path).Root, null, data);
        else if (!source.Optional)
            throw new FileNotFoundException($"{source.Path}: no such configuration file", source.Path);
        Data = data;
    }

    private static void Flatten(ConfigValue value, string? prefix, Dictionary<string, string?> data)
    {
        switch (value)
        {
            case ConfigObject obj:
                foreach (var (key, child) in obj)
                    Flatten(child, Join(prefix, key), data);
                break;
            case ConfigList list:
                for (var i = 0; i < list.Count; i++)
                    Flatten(list[i], Join(prefix, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), data);
                break;
            case ConfigNull:
                data[prefix ?? ""] = null;
                break;
            default:
                data[prefix ?? ""] = value.ToString();
                break;
        }
    }

    private static string Join(string? prefix, string key) => prefix is null ? key : prefix + ConfigurationPath.KeyDelimiter + key;
}
