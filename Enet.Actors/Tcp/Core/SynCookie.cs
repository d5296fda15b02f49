namespace Enet.Actors.Tcp;

/// <summary>What a valid SYN cookie ACK tells of the SYN it answers (RFC 4987 3.6): our ISS (the cookie), the peer's
/// MSS as the cookie's table rounds it down, and, when the peer sends timestamps (RFC 7323 3.2), its window scale
/// (null: none) and SACK-permitted, which our TSval carried in its low bits.</summary>
public readonly record struct SynCookie(SequenceNumber Iss, int Mss, int? WindowScale, bool SackPermitted, bool Timestamps);
