using Enet.Configuration;

namespace Enet.Actors.Hosting;

/// <summary>The HOCON <see cref="Config"/> as the <see cref="IConfigView"/> <see cref="HostSettingsReader"/> reads.</summary>
public sealed class HoconConfigView(Config config) : IConfigView
{
    public IEnumerable<string> Keys => config.Root.Keys;

    public bool HasPath(string path) => config.HasPath(path);

    public string GetString(string path) => config.GetString(path);

    public int GetInt(string path) => config.GetInt(path);

    public bool GetBoolean(string path) => config.GetBoolean(path);

    public IReadOnlyList<string> GetStringList(string path) => config.GetStringList(path);

    public string Origin(string path) => config.GetValue(path).Origin.ToString();

    public IConfigView GetConfig(string path) => new HoconConfigView(config.GetConfig(path));

    public IReadOnlyList<IConfigView> GetConfigList(string path) => [.. config.GetConfigList(path).Select(c => new HoconConfigView(c))];

    public TimeSpan GetDuration(string path) => config.GetDuration(path);

    public long GetBytes(string path) => config.GetBytes(path);
}
