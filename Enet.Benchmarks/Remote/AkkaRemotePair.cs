using Akka.Actor;

namespace Enet.Benchmarks.Remote;

/// <summary>
/// Two Enet nodes over Akka.Remote running <see cref="AkkaRemoteLoops"/>: a driver on one, an echo and a sink on the
/// other. <paramref name="transportClass"/> replaces Enet's transport (Akka's DotNetty one, for comparison).
/// </summary>
internal sealed class AkkaRemotePair(string? transportClass = null) : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private readonly ActorSystem a = AkkaRemoteLoops.StartNode("driver", transportClass);
    private readonly ActorSystem b = AkkaRemoteLoops.StartNode("echo and sink", transportClass);
    private IActorRef driver = ActorRefs.Nobody;
    private IActorRef echo = ActorRefs.Nobody;
    private IActorRef sink = ActorRefs.Nobody;

    public AkkaRemotePair Start()
    {
        b.ActorOf(AkkaRemoteLoops.EchoProps(), "echo");
        b.ActorOf(AkkaRemoteLoops.SinkProps(), "sink");
        driver = a.ActorOf(AkkaRemoteLoops.DriverProps(), "driver");
        echo = AkkaRemoteLoops.Resolve(a, b, "/user/echo");
        sink = AkkaRemoteLoops.Resolve(a, b, "/user/sink");
        return this;
    }

    public Task RoundTrips(int count) => driver.Ask<string>(new AkkaRemoteLoops.RoundTrips(count, echo), RunTimeout);

    public Task OneWay(int count, object message) => driver.Ask<string>(new AkkaRemoteLoops.OneWay(count, sink, message), RunTimeout);

    public void Dispose()
    {
        a.Terminate().Wait();
        b.Terminate().Wait();
    }
}
