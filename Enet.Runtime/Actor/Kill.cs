namespace Enet.Runtime.Actor;

/// <summary>Makes the actor fail with <see cref="ActorKilledException"/>, which its supervisor handles.</summary>
public sealed class Kill : IAutoReceivedMessage
{
    private Kill()
    {
    }

    public static Kill Instance { get; } = new();

    public override string ToString() => "<Kill>";
}
