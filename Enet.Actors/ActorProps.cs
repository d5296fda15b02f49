using Akka.Actor;

namespace Enet.Actors;

/// <summary>
/// Props that call a factory for every incarnation. Akka's <c>Props.Create(() => new X(args))</c> evaluates the
/// arguments once, so state built in them (a counter, a table) would pass from a crashed actor to the one its
/// supervisor restarts; with a producer each restart runs the factory again and starts clean.
/// </summary>
public static class ActorProps
{
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : ActorBase => Props.CreateBy(new FactoryProducer<TActor>(factory));

    private sealed class FactoryProducer<TActor>(Func<TActor> factory) : IIndirectActorProducer
        where TActor : ActorBase
    {
        public Type ActorType => typeof(TActor);

        public ActorBase Produce() => factory();

        public void Release(ActorBase actor)
        {
        }
    }
}
