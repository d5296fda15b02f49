namespace Enet.Runtime.Actor;

/// <summary>What a timer actually sends: its identity lets the cell drop messages of dead timers.</summary>
internal sealed class TimerMessage(object key, object message) : IAutoReceivedMessage
{
    public object Key { get; } = key;

    public object Message { get; } = message;
}
