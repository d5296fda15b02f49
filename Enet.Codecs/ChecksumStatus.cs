namespace Enet.Codecs;

/// <summary>What a received checksum says about the bytes it covers. Decoders report it; they never fix it.</summary>
public enum ChecksumStatus
{
    Good,
    Bad,

    /// <summary>The sender chose not to checksum (a zero UDP checksum over IPv4, RFC 768).</summary>
    Absent,
}
