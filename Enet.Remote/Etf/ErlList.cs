namespace Enet.Remote.Etf;

/// <summary>
/// A list, proper (tail <c>[]</c>) or improper (any other tail, e.g. the <c>[alias | Ref]</c> tags of
/// gen_call since OTP 24). NIL_EXT, STRING_EXT and LIST_EXT all decode to this one type, because Erlang
/// cannot tell <c>"ab"</c> from <c>[97,98]</c> either.
/// </summary>
public sealed class ErlList : Term
{
    public static readonly ErlList Nil = new([], null);

    public ErlList(params Term[] elements)
        : this(elements, null)
    {
    }

    /// <summary>A list with the given tail; a null tail means <c>[]</c> (a proper list). No elements and a <c>[]</c>
    /// tail is <c>[]</c> itself, equal to <see cref="Nil"/>.</summary>
    public ErlList(IReadOnlyList<Term> elements, Term? tail)
    {
        ArgumentNullException.ThrowIfNull(elements);
        Elements = elements;
        Tail = tail is null or ErlList { IsNil: true } ? elements.Count == 0 ? this : Nil : tail;
    }

    public IReadOnlyList<Term> Elements { get; }

    /// <summary><c>[]</c> for a proper list (the empty list is its own tail).</summary>
    public Term Tail { get; }

    public bool IsNil => Elements.Count == 0 && ReferenceEquals(Tail, this);

    public bool IsProper => Tail is ErlList { IsNil: true };

    /// <summary>A Latin-1 string as a list of character codes, as Erlang's <c>"..."</c> syntax makes.</summary>
    public static ErlList FromString(string text) =>
        new(text.Select(c => (Term)new ErlInteger(c)).ToArray(), null);

    /// <summary>The characters when this is a proper list of integers in 0..0x10FFFF, else null.</summary>
    public string? AsString()
    {
        if (!IsProper)
            return null;
        var builder = new System.Text.StringBuilder(Elements.Count);
        foreach (var e in Elements)
        {
            if (e is not ErlInteger i || i.Value < 0 || i.Value > 0x10FFFF)
                return null;
            builder.Append(char.ConvertFromUtf32((int)i.Value));
        }
        return builder.ToString();
    }

    public override bool Equals(Term? other) =>
        other is ErlList l && l.Elements.SequenceEqual(Elements) && (IsNil ? l.IsNil : !l.IsNil && Tail.Equals(l.Tail));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var e in Elements)
            hash.Add(e);
        if (!IsProper)
            hash.Add(Tail);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        IsNil ? "[]" : "[" + string.Join(",", Elements) + (IsProper ? "" : "|" + Tail) + "]";
}
