namespace Enet.Actors.Tcp;

/// <summary>The layer's RFC 4022 counters, shared with its connections, which run on other threads: fields for
/// <see cref="Interlocked"/>. Beside them Linux's SyncookiesSent, SyncookiesRecv and SyncookiesFailed (RFC 4987 3.6),
/// TCPChallengeACK and TCPACKSkippedChallenge (RFC 5961 7).</summary>
public sealed class TcpCounters
{
    public long ActiveOpens, PassiveOpens, AttemptFails, EstabResets, CurrEstab, InSegs, OutSegs, RetransSegs, InErrs, OutRsts;

    public long SynCookiesSent, SynCookiesAccepted, SynCookiesRejected, ChallengeAcks, ChallengeAcksSkipped;

    public static void Increment(ref long counter) => Interlocked.Increment(ref counter);

    public static void Decrement(ref long counter) => Interlocked.Decrement(ref counter);
}
