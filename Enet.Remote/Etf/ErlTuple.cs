namespace Enet.Remote.Etf;

/// <summary>A tuple: SMALL_TUPLE_EXT up to 255 elements, LARGE_TUPLE_EXT beyond.</summary>
public sealed class ErlTuple : Term
{
    public ErlTuple(params Term[] elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        Elements = elements;
    }

    public IReadOnlyList<Term> Elements { get; }

    public int Arity => Elements.Count;

    public Term this[int index] => Elements[index];

    public override bool Equals(Term? other) => other is ErlTuple t && t.Elements.SequenceEqual(Elements);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var e in Elements)
            hash.Add(e);
        return hash.ToHashCode();
    }

    public override string ToString() => "{" + string.Join(",", Elements) + "}";
}
