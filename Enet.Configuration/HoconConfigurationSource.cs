using Microsoft.Extensions.Configuration;

namespace Enet.Configuration;

/// <summary>A HOCON file as a Microsoft.Extensions.Configuration source.</summary>
public sealed class HoconConfigurationSource : IConfigurationSource
{
    public required string Path { get; init; }

    /// <summary>When true a missing file yields no keys instead of an error.</summary>
    public bool Optional { get; init; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(this);
}
