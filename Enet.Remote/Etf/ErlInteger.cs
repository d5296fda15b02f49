using System.Globalization;
using System.Numerics;

namespace Enet.Remote.Etf;

/// <summary>An integer of any size: SMALL_INTEGER_EXT, INTEGER_EXT, SMALL_BIG_EXT or LARGE_BIG_EXT on the wire.</summary>
public sealed class ErlInteger(BigInteger value) : Term
{
    public BigInteger Value { get; } = value;

    public override bool Equals(Term? other) => other is ErlInteger i && i.Value == Value;

    public override int GetHashCode() => Value.GetHashCode();

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
