namespace Enet.Remote.Etf;

/// <summary>Why bytes are not a term: the byte offset where decoding stopped and the rule broken.</summary>
public sealed record EtfError(int Offset, string Reason)
{
    public override string ToString() => $"ETF error at byte {Offset}: {Reason}";
}
