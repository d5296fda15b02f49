using System.Collections.Immutable;

namespace Enet.Codecs;

/// <summary>
/// Content equality for <see cref="ImmutableArray{T}"/> fields of records: the synthesized record equality
/// would compare the arrays by reference, so two decodes of the same bytes would differ. A default
/// (uninitialised) array counts as empty. The same goes for printing.
/// </summary>
internal static class SequenceEquality
{
    public static bool Equal<T>(ImmutableArray<T> left, ImmutableArray<T> right) =>
        Items(left).SequenceEqual(Items(right));

    public static int Hash<T>(ImmutableArray<T> items)
    {
        var hash = new HashCode();
        foreach (var item in Items(items))
            hash.Add(item);
        return hash.ToHashCode();
    }

    /// <summary>"[a, b]": ImmutableArray has no ToString of its own, so a record would print its type name.</summary>
    public static string Print<T>(ImmutableArray<T> items) => $"[{string.Join(", ", Items(items))}]";

    public static ImmutableArray<T> Items<T>(ImmutableArray<T> items) => items.IsDefault ? [] : items;
}
