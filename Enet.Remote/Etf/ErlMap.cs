namespace Enet.Remote.Etf;

/// <summary>
/// A map (MAP_EXT). Pairs keep their wire order so re-encoding gives the same bytes; equality ignores
/// order, as Erlang's does.
/// </summary>
public sealed class ErlMap : Term
{
    public ErlMap(IReadOnlyList<KeyValuePair<Term, Term>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        Pairs = pairs;
    }

    public IReadOnlyList<KeyValuePair<Term, Term>> Pairs { get; }

    public Term? this[Term key] => Pairs.FirstOrDefault(p => p.Key.Equals(key)).Value;

    public override bool Equals(Term? other)
    {
        if (other is not ErlMap m || m.Pairs.Count != Pairs.Count)
            return false;
        var mine = new Dictionary<Term, Term>(Pairs.Count);
        foreach (var (k, v) in Pairs)
            mine[k] = v;
        return mine.Count == Pairs.Count && m.Pairs.All(p => mine.TryGetValue(p.Key, out var v) && v.Equals(p.Value));
    }

    public override int GetHashCode()
    {
        var hash = 0;
        foreach (var (k, v) in Pairs)
            hash ^= HashCode.Combine(k, v);
        return hash;
    }

    public override string ToString() => "#{" + string.Join(",", Pairs.Select(p => $"{p.Key} => {p.Value}")) + "}";
}
