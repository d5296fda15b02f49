using Akka.Actor;
using Enet.Configuration;
using Enet.Tests.Remote;

namespace Enet.Tests.Tap;

/// <summary>Actor systems named enet with Akka.Remote on a loopback port, as two Enet nodes in one test process.</summary>
public static class RemoteNodes
{
    /// <summary>A system on 127.0.0.1:<paramref name="port"/> (0 for any free port).</summary>
    public static ActorSystem Start(int port = 0) =>
        EnetActorSystem.Create("enet", ConfigurationFactory.ParseString(Config(port)));

    /// <summary>The akka.* keys of a node on 127.0.0.1:<paramref name="port"/>.</summary>
    public static string Config(int port) => $$"""
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = {{port}} }
        """;

    public static string AddressOf(ActorSystem system) => ((ExtendedActorSystem)system).Provider.DefaultAddress.ToString();

    /// <summary>The address a node on a port nobody listens on would have.</summary>
    public static string Nobody() => $"akka.tcp://enet@127.0.0.1:{ErlangPeer.FreePort()}";
}
