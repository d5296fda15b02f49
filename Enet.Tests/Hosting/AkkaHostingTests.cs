using Akka.Actor;
using Akka.Hosting;
using Enet.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Enet.Tests.Hosting;

/// <summary>Enet started by Akka.Hosting (WithEnet, AddEnet), and the example application run as a user would.</summary>
public sealed class AkkaHostingTests
{
    private const string Hosts = """
        enet.actor.ask-timeout = 4s
        enet.hosts {
          h1 { services = [arp, icmp, tcp-echo], interfaces.eth0 { link = wire, device = lan, mac = "02:00:00:00:00:01", ipv4 = ["192.0.2.1/24"] } }
        }
        """;

    [Fact]
    public async Task WithEnet_starts_the_hosts_with_the_system_and_maps_enet_settings_onto_akka()
    {
        using var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka("hosted", (builder, _) => builder.WithEnet(Hosts)))
            .Build();
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        Assert.Equal(["h1"], system.Enet().Hosts);
        Assert.Equal(TimeSpan.FromSeconds(4), system.Settings.AskTimeout);
        await host.StopAsync();
        Assert.True(system.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task AddEnet_starts_the_configured_hosts_and_terminates_with_the_application()
    {
        using var host = new HostBuilder()
            .ConfigureServices(services => services.AddEnet("added", ConfigurationFactory.ParseString(Hosts)))
            .Build();
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        Assert.Equal(["h1"], system.Enet().Hosts);
        Assert.NotNull(system.Enet().Host("h1").Interfaces["eth0"].Tcp);
        await host.StopAsync();
        Assert.True(system.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task WithEnet_and_AddEnet_give_Akka_the_tls_setup_so_a_node_with_a_certificate_serves_akka_ssl_tcp()
    {
        using var certificates = new Remote.ThrowawayCertificates();
        var certificate = certificates.SelfSigned("hosted");
        var hocon = $$"""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
            enet.remote.tls { certificate = "{{certificate}}", password = "{{Remote.ThrowawayCertificates.Password}}" }
            """;
        foreach (var configure in new Action<IServiceCollection>[]
                 {
                     services => services.AddAkka("tls", (builder, _) => builder.WithEnet(hocon)),
                     services => services.AddEnet("tls", ConfigurationFactory.ParseString(hocon)),
                 })
        {
            using var host = new HostBuilder().ConfigureServices(configure).Build();
            await host.StartAsync();
            var system = (ExtendedActorSystem)host.Services.GetRequiredService<ActorSystem>();
            Assert.Equal("akka.ssl.tcp", system.Provider.DefaultAddress.Protocol);
            await host.StopAsync();
        }
    }

    [Fact]
    public void The_Akka_Hosting_example_echoes_a_mebibyte_through_Enet_with_Akka_IO_messages()
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? TestEnvironment.FindTool("dotnet") ?? "dotnet";
        var result = ExternalProcess.Run(dotnet, [Path.Combine(AppContext.BaseDirectory, "Enet.Examples.AkkaHosting.dll")], TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Output} {result.Error}");
        Assert.Contains("echoed 1048576 bytes intact", result.Output);
    }
}
