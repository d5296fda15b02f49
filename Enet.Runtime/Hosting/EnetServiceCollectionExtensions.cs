using Enet.Runtime.Actor;
using Enet.Runtime.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Enet.Runtime.Hosting;

public static class EnetServiceCollectionExtensions
{
    /// <summary>Registers an <see cref="ActorSystem"/> named <paramref name="name"/> configured from HOCON (the
    /// application.conf of the working directory over reference.conf when <paramref name="config"/> is null),
    /// started with the host and terminated when it stops.</summary>
    public static IServiceCollection AddEnet(this IServiceCollection services, string name, Config? config = null)
    {
        services.AddSingleton(_ => ActorSystem.Create(name, config ?? ConfigurationFactory.Load()));
        services.AddHostedService<EnetHostedService>();
        return services;
    }
}
