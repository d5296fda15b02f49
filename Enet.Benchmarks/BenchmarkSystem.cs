using Akka.Actor;
using Enet.Configuration;

namespace Enet.Benchmarks;

/// <summary>The actor system every benchmark runs on: Enet's reference configuration (its dispatcher settings), quiet.</summary>
internal static class BenchmarkSystem
{
    public static ActorSystem Create(string name) =>
        EnetActorSystem.Create(name, ConfigurationFactory.ParseString("enet.log.level = warning"));
}
