namespace Enet.Runtime.Actor;

/// <summary>An actor with one <see cref="OnReceive"/> method; it calls <c>Unhandled</c> for what it ignores.</summary>
public abstract class UntypedActor : ActorBase
{
    protected sealed override bool Receive(object message)
    {
        OnReceive(message);
        return true;
    }

    protected abstract void OnReceive(object message);

    protected void Become(UntypedReceive receive) => Become(Handles(receive));

    protected void BecomeStacked(UntypedReceive receive) => BecomeStacked(Handles(receive));

    private static Receive Handles(UntypedReceive receive) => message =>
    {
        receive(message);
        return true;
    };
}
