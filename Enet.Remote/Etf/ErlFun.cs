namespace Enet.Remote.Etf;

/// <summary>
/// A fun (NEW_FUN_EXT) or an external fun <c>fun M:F/A</c> (EXPORT_EXT), kept opaque: Enet cannot run
/// Erlang code, but it can hold a fun and send it back unchanged. <see cref="Encoded"/> starts with the tag.
/// </summary>
public sealed class ErlFun : Term
{
    public ErlFun(byte[] encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.Length == 0 || encoded[0] is not ((byte)EtfTag.NewFun or (byte)EtfTag.Export))
            throw new ArgumentException("an encoded NEW_FUN_EXT or EXPORT_EXT", nameof(encoded));
        Encoded = encoded;
    }

    public byte[] Encoded { get; }

    public bool IsExport => Encoded[0] == (byte)EtfTag.Export;

    public override bool Equals(Term? other) => other is ErlFun f && f.Encoded.AsSpan().SequenceEqual(Encoded);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Encoded);
        return hash.ToHashCode();
    }

    public override string ToString() => IsExport ? "#Fun<export>" : "#Fun<opaque>";
}
