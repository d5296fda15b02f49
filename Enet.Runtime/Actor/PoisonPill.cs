namespace Enet.Runtime.Actor;

/// <summary>Stops the actor once it reaches this message; what was queued before it is processed first.</summary>
public sealed class PoisonPill : IAutoReceivedMessage
{
    private PoisonPill()
    {
    }

    public static PoisonPill Instance { get; } = new();

    public override string ToString() => "<PoisonPill>";
}
