using Akka.Actor;
using Enet.Configuration;
using Enet.Remote.AkkaRemote;

namespace Enet.Tests.Remote;

/// <summary>Enet nodes over Akka.Remote in this process, on loopback ports the OS picks; terminated at dispose.</summary>
internal sealed class AkkaNodes : IAsyncDisposable
{
    private const string RemoteNode = """
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        enet.log.level = warning
        """;

    private readonly List<ActorSystem> systems = [];

    /// <summary>A node named enet with <paramref name="hocon"/> on top, and its kernel.</summary>
    public (ActorSystem System, AkkaNetKernel Kernel) Start(string hocon)
    {
        var system = EnetActorSystem.Create("enet", ConfigurationFactory.ParseString(RemoteNode + "\n" + hocon));
        systems.Add(system);
        return (system, AkkaNetKernel.Start(system));
    }

    /// <summary>Terminates <paramref name="system"/> with the nodes.</summary>
    public void Add(ActorSystem system) => systems.Add(system);

    /// <summary>enet.remote.tls with <paramref name="certificate"/> (of <see cref="ThrowawayCertificates"/>) and one trust file.</summary>
    public static string Tls(string certificate, string trust) => $$"""
        enet.remote.tls { certificate = "{{certificate}}", password = "{{ThrowawayCertificates.Password}}", trust = ["{{trust}}"] }
        """;

    public async ValueTask DisposeAsync()
    {
        foreach (var system in systems)
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
    }
}

/// <summary>Forwards everything to a test probe.</summary>
internal sealed class Forwarder : ReceiveActor
{
    public Forwarder(IActorRef target) => ReceiveAny(m => target.Forward(m));
}
