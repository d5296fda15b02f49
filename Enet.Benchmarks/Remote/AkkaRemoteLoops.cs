using Akka.Actor;
using Enet.Actors;
using Enet.Configuration;

namespace Enet.Benchmarks.Remote;

/// <summary>
/// The three loops of <see cref="DistributionBenchmarks"/> between two Enet nodes over Akka.Remote (two actor systems named
/// enet on loopback): an echo and a sink on one, a driver on the other. Messages are the types Akka.Remote serializes
/// without JSON (int, long, string, byte[]), as Erlang's are ETF.
/// </summary>
internal static class AkkaRemoteLoops
{
    /// <summary>
    /// A node on a free loopback port whose frames fit a 1 MiB binary (Akka.Remote's default limit is 128 kB), on Enet's
    /// transport or the one <paramref name="transportClass"/> names.
    /// </summary>
    public static ActorSystem StartNode(string role, string? transportClass) => EnetActorSystem.Create("enet", ConfigurationFactory.ParseString($$"""
        enet.log.level = warning
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp {
          hostname = "127.0.0.1"
          port = 0
          maximum-frame-size = 2MiB
          send-buffer-size = 4MiB
          receive-buffer-size = 4MiB
        }
        # {{role}}
        {{(transportClass is null ? "" : $"akka.remote.dot-netty.tcp.transport-class = \"{transportClass}\"")}}
        """));

    /// <summary>The actor at <paramref name="path"/> of <paramref name="node"/>, seen from <paramref name="system"/>.</summary>
    public static IActorRef Resolve(ActorSystem system, ActorSystem node, string path) =>
        system.ActorSelection(((ExtendedActorSystem)node).Provider.DefaultAddress + path).ResolveOne(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();

    public static Props EchoProps() => ActorProps.Create(() => new Echo());

    public static Props SinkProps() => ActorProps.Create(() => new Sink());

    public static Props DriverProps() => ActorProps.Create(() => new Driver());

    /// <summary>An int comes back to its sender.</summary>
    private sealed class Echo : ReceiveActor
    {
        public Echo() => Receive<int>(k => Sender.Tell(k, Self));
    }

    /// <summary>A long N starts a count; after N messages of any kind "done" goes back.</summary>
    private sealed class Sink : ReceiveActor
    {
        private long remaining;

        public Sink() => ReceiveAny(message =>
        {
            if (message is long count)
                remaining = count;
            else if (--remaining == 0)
                Sender.Tell("done", Self);
        });
    }

    /// <summary>Runs one loop and answers done to whoever sent the command.</summary>
    private sealed class Driver : ReceiveActor
    {
        private IActorRef replyTo = ActorRefs.Nobody;
        private int remaining;

        public Driver() => Idle();

        private void Idle()
        {
            Receive<RoundTrips>(r =>
            {
                replyTo = Sender;
                remaining = r.Count;
                r.Echo.Tell(remaining, Self);
                Become(() => Receive<int>(_ =>
                {
                    if (--remaining == 0)
                        Finish();
                    else
                        r.Echo.Tell(remaining, Self);
                }));
            });
            Receive<OneWay>(o =>
            {
                replyTo = Sender;
                o.Sink.Tell((long)o.Count, Self);
                for (var k = 0; k < o.Count; k++)
                    o.Sink.Tell(o.Message, Self);
                Become(() => Receive<string>(_ => Finish()));
            });
        }

        private void Finish()
        {
            replyTo.Tell("done", Self);
            Become(Idle);
        }
    }

    public sealed record RoundTrips(int Count, IActorRef Echo);

    public sealed record OneWay(int Count, IActorRef Sink, object Message);
}
