using Enet.Actors.Hosting;
using Enet.Configuration;

namespace Enet.Host.Commands;

/// <summary>Reads the hosts of a configuration file for a command, turning every way that can fail into one line
/// for the user: a missing file, a parse or type error (file:line:column first), an unreadable file.</summary>
internal static class HostConfigFile
{
    /// <param name="file">The file, or null for application.conf in the working directory (if present) over reference.conf.</param>
    public static bool TryRead(FileInfo? file, string verb, TextWriter error, out IReadOnlyList<HostSettings> hosts) =>
        TryRead(file, verb, error, out hosts, out _);

    /// <summary>The same, also giving the whole configuration (its akka.* keys for the actor system).</summary>
    public static bool TryRead(FileInfo? file, string verb, TextWriter error, out IReadOnlyList<HostSettings> hosts, out Config? config)
    {
        hosts = [];
        config = null;
        var path = file?.FullName ?? Path.Combine(Directory.GetCurrentDirectory(), ConfigurationFactory.ApplicationFile);
        if (file is not null && !file.Exists)
        {
            error.WriteLine($"enet {verb}: {file}: {(Directory.Exists(file.FullName) ? "is a directory, not a configuration file" : "no such file")}");
            return false;
        }
        try
        {
            config = ConfigurationFactory.Load(path);
            hosts = HostSettingsReader.Read(new HoconConfigView(config));
            return true;
        }
        catch (ConfigException e)
        {
            // The message starts with file:line:column already.
            error.WriteLine($"enet {verb}: {e.Message.ReplaceLineEndings(" ")}");
        }
        catch (FormatException e)
        {
            error.WriteLine($"enet {verb}: {e.Message.ReplaceLineEndings(" ")}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"enet {verb}: {path}: {e.Message.ReplaceLineEndings(" ")}");
        }
        return false;
    }
}
