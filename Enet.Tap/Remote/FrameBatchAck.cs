namespace Enet.Tap.Remote;

/// <summary>A peer's answer to each <see cref="FrameBatch"/> it took: the sender may put another batch in flight.</summary>
public sealed class FrameBatchAck
{
    public static FrameBatchAck Instance { get; } = new();

    private FrameBatchAck()
    {
    }
}
