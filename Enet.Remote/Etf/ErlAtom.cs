namespace Enet.Remote.Etf;

/// <summary>An atom; OTP 25 limits atoms to 255 characters (erl_ext_dist ATOM_UTF8_EXT).</summary>
public sealed class ErlAtom : Term
{
    public const int MaxLength = 255;

    public static readonly ErlAtom True = new("true");
    public static readonly ErlAtom False = new("false");
    public static readonly ErlAtom Undefined = new("undefined");
    public static readonly ErlAtom Ok = new("ok");
    public static readonly ErlAtom Empty = new("");

    public ErlAtom(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.EnumerateRunes().Count() > MaxLength)
            throw new ArgumentException($"atom longer than {MaxLength} characters", nameof(name));
        Name = name;
    }

    public string Name { get; }

    public override bool Equals(Term? other) => other is ErlAtom a && a.Name == Name;

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    public override string ToString() =>
        Name.Length > 0 && char.IsAsciiLetterLower(Name[0]) && Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '@')
            ? Name
            : "'" + Name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    public static implicit operator ErlAtom(string name) => new(name);
}
