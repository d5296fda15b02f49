namespace Enet.Codecs;

/// <summary>One block of a SACK option (RFC 2018 3): the first sequence number received and the one after the last.</summary>
public readonly record struct SackBlock(uint Left, uint Right);
