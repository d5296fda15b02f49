using Microsoft.Extensions.Configuration;

namespace Enet.Configuration;

/// <summary>Adds HOCON files to a Microsoft.Extensions.Configuration builder.</summary>
public static class HoconConfigurationExtensions
{
    /// <summary>
    /// Adds a HOCON file. A relative path is taken from the working directory; includes inside the file
    /// are relative to the file itself.
    /// </summary>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional = false) =>
        builder.Add(new HoconConfigurationSource { Path = System.IO.Path.GetFullPath(path), Optional = optional });
}
