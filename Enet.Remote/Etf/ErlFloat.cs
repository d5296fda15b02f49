using System.Globalization;

namespace Enet.Remote.Etf;

/// <summary>A float, NEW_FLOAT_EXT (IEEE 754 double) on the wire.</summary>
public sealed class ErlFloat(double value) : Term
{
    public double Value { get; } = value;

    // Bitwise equality: =:= distinguishes 0.0 and -0.0 since OTP 27, and NaN never crosses the wire.
    public override bool Equals(Term? other) =>
        other is ErlFloat f && BitConverter.DoubleToInt64Bits(f.Value) == BitConverter.DoubleToInt64Bits(Value);

    public override int GetHashCode() => Value.GetHashCode();

    public override string ToString() => Value.ToString("0.0###############e+0", CultureInfo.InvariantCulture);
}
