namespace Enet.Runtime.Actor;

/// <summary>No reply arrived within an Ask's timeout.</summary>
public sealed class AskTimeoutException(string message) : Exception(message);
