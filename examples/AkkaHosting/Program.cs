// An Akka.Hosting application that hosts two Enet hosts on an in-memory wire and talks to h1's tcp-echo service from
// h2 with Akka.IO's own messages. Run: dotnet run --project examples/AkkaHosting
using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Enet;
using Enet.Examples.AkkaHosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

const string Hocon = """
    enet.log.level = warning
    enet.hosts {
      h1 { services = [arp, icmp, tcp-echo], interfaces.eth0 { link = wire, device = lan, mac = "02:00:00:00:00:01", ipv4 = ["192.0.2.1/24"] } }
      h2 { interfaces.eth0 { link = wire, device = lan, mac = "02:00:00:00:00:02", ipv4 = ["192.0.2.2/24"] } }
    }
    """;

using var host = Host.CreateDefaultBuilder(args)
    .ConfigureServices(services => services.AddAkka("example", (builder, _) => builder.WithEnet(Hocon)))
    .Build();
await host.StartAsync();

var system = host.Services.GetRequiredService<ActorSystem>();
var payload = new byte[1 << 20];
Random.Shared.NextBytes(payload);
var outcome = await system.ActorOf(Props.Create(() => new OutcomeWaiter())).Ask<string>(
    new OutcomeWaiter.Start(system.Enet().Tcp("h2"), new IPEndPoint(IPAddress.Parse("192.0.2.1"), 7), payload), TimeSpan.FromSeconds(60));
Console.WriteLine(outcome);
await host.StopAsync();
return outcome.EndsWith("intact", StringComparison.Ordinal) ? 0 : 1;
