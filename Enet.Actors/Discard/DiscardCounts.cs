namespace Enet.Actors.Discard;

/// <summary>Asks a discard service for its <see cref="DiscardCounts"/>.</summary>
public sealed record GetDiscardCounts
{
    public static GetDiscardCounts Instance { get; } = new();
}

/// <summary>What a discard service took: <paramref name="Units"/> are TCP connections accepted or UDP datagrams.</summary>
public sealed record DiscardCounts(long Units, long Bytes);
