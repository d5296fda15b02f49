namespace Enet.Actors.FrameBus;

/// <summary>A received frame as a fast path is offered it (<see cref="IFrameFastPath"/>): its bytes, borrowed for the
/// call, and the header the bus read.</summary>
public readonly ref struct FrameView(FrameHeader header, ReadOnlySpan<byte> bytes)
{
    public FrameHeader Header { get; } = header;

    public ReadOnlySpan<byte> Bytes { get; } = bytes;

    public ReadOnlySpan<byte> Network => Bytes[Header.NetworkOffset..];
}
