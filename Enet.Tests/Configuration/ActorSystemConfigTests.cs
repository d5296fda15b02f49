using Enet.Runtime.Actor;
using Enet.Runtime.Configuration;
using Enet.Runtime.Event;
using Enet.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Enet.Tests.Configuration;

public class ActorSystemConfigTests
{
    [Fact]
    public void Actor_system_settings_come_from_the_enet_section()
    {
        var config = ConfigurationFactory.ParseString("enet.actor { throughput = 7, ask-timeout = 250ms }\nenet.log.level = warning");
        using var system = ActorSystem.Create("configured", config);
        Assert.Equal(7, system.Settings.Throughput);
        Assert.Equal(TimeSpan.FromMilliseconds(250), system.Settings.AskTimeout);
        Assert.Equal(LogLevel.WarningLevel, system.Settings.LogLevel);
        Assert.Equal(TimeSpan.FromMilliseconds(10), system.Settings.TickResolution);
    }

    [Fact]
    public async Task AddEnet_starts_the_system_with_the_host_and_terminates_it_when_the_host_stops()
    {
        using var host = new HostBuilder()
            .ConfigureServices(services => services.AddEnet("hosted", ConfigurationFactory.ParseString("enet.actor.throughput = 3")))
            .Build();
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        Assert.Equal(3, system.Settings.Throughput);
        Assert.False(system.WhenTerminated.IsCompleted);
        await host.StopAsync();
        Assert.True(system.WhenTerminated.IsCompleted);
    }
}
