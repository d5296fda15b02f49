namespace Enet.Runtime.Actor;

/// <summary>An actor selection matched no actor.</summary>
public sealed class ActorNotFoundException(string message) : Exception(message);
