using Akka.Hosting;
using Enet.Configuration;

namespace Enet;

public static class EnetAkkaHostingExtensions
{
    /// <summary>Starts the hosts under <c>enet.hosts</c> of <paramref name="hocon"/> with the actor system (Akka.Hosting
    /// runs it as a startup task) and hands Akka the <c>akka.*</c> settings the same text maps to (enet.actor, enet.log).
    /// Afterwards <c>system.Enet().Tcp("h1")</c> is host h1's Akka.IO TCP manager.</summary>
    public static AkkaConfigurationBuilder WithEnet(this AkkaConfigurationBuilder builder, string hocon)
    {
        var config = ConfigurationFactory.ParseString(hocon);
        builder.AddHocon(AkkaConfig.From(config), HoconAddMode.Prepend);
        builder.WithEnetTls(config);
        return builder.AddStartup((system, _) => system.Enet().StartHostsAsync(hocon));
    }

    /// <summary>enet.remote.tls: Akka.Remote's certificate and its check travel as setups, which HOCON cannot carry
    /// (without them a node configured for TLS would not start its remoting).</summary>
    internal static AkkaConfigurationBuilder WithEnetTls(this AkkaConfigurationBuilder builder, Config config)
    {
        foreach (var setup in AkkaTls.Setups(ConfigurationFactory.WithReference(config)))
            builder.AddSetup(setup);
        return builder;
    }

    /// <summary>The same for a configuration Akka has already parsed.</summary>
    public static AkkaConfigurationBuilder WithEnet(this AkkaConfigurationBuilder builder, Akka.Configuration.Config config) =>
        builder.AddStartup((system, _) => system.Enet().StartHostsAsync(config));
}
