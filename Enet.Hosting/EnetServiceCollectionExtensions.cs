using Akka.Hosting;
using Enet.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Enet;

public static class EnetServiceCollectionExtensions
{
    /// <summary>An Akka actor system named <paramref name="name"/> on Akka.Hosting, configured from HOCON (the
    /// application.conf of the working directory over reference.conf when <paramref name="config"/> is null), which
    /// starts the hosts under <c>enet.hosts</c> with it and terminates with the application.</summary>
    public static IServiceCollection AddEnet(this IServiceCollection services, string name, Config? config = null)
    {
        var resolved = ConfigurationFactory.WithReference(config);
        return services.AddAkka(name, (builder, _) => builder
            .AddHocon(AkkaConfig.From(resolved), HoconAddMode.Prepend)
            .WithEnetTls(resolved)
            .AddStartup((system, _) => system.Enet().StartHostsAsync(resolved)));
    }
}
