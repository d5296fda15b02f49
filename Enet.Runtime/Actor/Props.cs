namespace Enet.Runtime.Actor;

/// <summary>How to make an actor: used at start and again at every restart, which is what resets its state.</summary>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Type type, Func<ActorBase> factory)
    {
        Type = type;
        _factory = factory;
    }

    public Type Type { get; }

    public static Props Create<TActor>()
        where TActor : ActorBase, new() => new(typeof(TActor), static () => new TActor());

    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : ActorBase => new(typeof(TActor), factory);

    public static Props Create(Type type, params object?[] args)
    {
        if (!typeof(ActorBase).IsAssignableFrom(type))
        {
            throw new ArgumentException($"{type} is not an actor type", nameof(type));
        }

        return new Props(type, () => (ActorBase)Activator.CreateInstance(type, args)!);
    }

    internal ActorBase NewActor() => _factory();

    public override string ToString() => $"Props({Type.Name})";
}
