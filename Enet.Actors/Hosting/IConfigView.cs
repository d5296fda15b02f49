namespace Enet.Actors.Hosting;

/// <summary>
/// The part of a configuration tree <see cref="HostSettingsReader"/> reads, named as
/// Enet.Configuration.Config names them (paths are dot-separated, as in HOCON), so an adapter over
/// Config is a line per member.
/// </summary>
public interface IConfigView
{
    bool HasPath(string path);

    string GetString(string path);

    int GetInt(string path);

    bool GetBoolean(string path);

    IReadOnlyList<string> GetStringList(string path);

    IConfigView GetConfig(string path);

    /// <summary>Where the value at <paramref name="path"/> was written, as "file:line:column", so an error names the place.</summary>
    string Origin(string path);

    IReadOnlyList<IConfigView> GetConfigList(string path);

    TimeSpan GetDuration(string path);

    long GetBytes(string path);

    /// <summary>The keys of this object, in file order.</summary>
    IEnumerable<string> Keys { get; }
}
