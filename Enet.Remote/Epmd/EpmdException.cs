namespace Enet.Remote.Epmd;

/// <summary>EPMD refused a request or answered something the protocol does not allow.</summary>
public sealed class EpmdException(string message) : Exception(message);
