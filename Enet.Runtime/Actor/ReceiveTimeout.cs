namespace Enet.Runtime.Actor;

/// <summary>Sent to an actor that set a receive timeout and received nothing for that long.</summary>
public sealed class ReceiveTimeout
{
    private ReceiveTimeout()
    {
    }

    public static ReceiveTimeout Instance { get; } = new();

    public override string ToString() => "<ReceiveTimeout>";
}
