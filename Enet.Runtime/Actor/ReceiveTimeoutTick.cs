namespace Enet.Runtime.Actor;

/// <summary>The scheduled wake-up behind <see cref="ReceiveTimeout"/>; stale ticks are recognised by generation.</summary>
internal sealed class ReceiveTimeoutTick(int generation) : IAutoReceivedMessage
{
    public int Generation { get; } = generation;
}
