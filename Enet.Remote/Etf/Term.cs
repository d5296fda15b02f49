namespace Enet.Remote.Etf;

/// <summary>
/// An Erlang term as the External Term Format carries it (erl_ext_dist). Terms are immutable values with
/// Erlang's equality: two terms are equal when <c>=:=</c> would say so.
/// </summary>
public abstract class Term : IEquatable<Term>
{
    public abstract bool Equals(Term? other);

    public sealed override bool Equals(object? obj) => obj is Term t && Equals(t);

    public abstract override int GetHashCode();

    /// <summary>Erlang shell syntax, e.g. <c>{ok,[1,2|x]}</c>.</summary>
    public abstract override string ToString();

    public static bool operator ==(Term? a, Term? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(Term? a, Term? b) => !(a == b);

    public static implicit operator Term(int value) => new ErlInteger(value);

    public static implicit operator Term(long value) => new ErlInteger(value);

    public static implicit operator Term(double value) => new ErlFloat(value);

    public static implicit operator Term(byte[] value) => new ErlBinary(value);
}
