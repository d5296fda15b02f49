namespace Enet.Actors.GenTcp;

/// <summary>What <see cref="PacketDecoder.TryTake"/> found in the bytes received so far.</summary>
public enum PacketResult
{
    /// <summary>A whole packet (raw: whatever was there).</summary>
    Packet,

    /// <summary>Not a whole packet yet.</summary>
    NeedMore,

    /// <summary>The header announces more than packet_size allows (inet(3): "the packet is considered invalid");
    /// recv answers emsgsize.</summary>
    TooLarge,
}
