namespace Enet.Runtime.Actor;

/// <summary>One <c>Receive&lt;T&gt;</c> registration of a <see cref="ReceiveActor"/>.</summary>
internal abstract class ReceiveHandler
{
    public abstract bool TryHandle(object message);
}
