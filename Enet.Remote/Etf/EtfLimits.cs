namespace Enet.Remote.Etf;

/// <summary>
/// Bounds for decoding untrusted bytes. Element counts are checked against the bytes left, so memory
/// stays proportional to the input; these bound what the input alone cannot (nesting, inflation).
/// </summary>
public sealed record EtfLimits(int MaxDepth = 512, int MaxUncompressedSize = 64 * 1024 * 1024)
{
    public static EtfLimits Default { get; } = new();
}
