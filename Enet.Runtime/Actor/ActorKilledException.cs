namespace Enet.Runtime.Actor;

/// <summary>Thrown inside an actor that received Kill; the default supervisor stops it.</summary>
public sealed class ActorKilledException(string message) : Exception(message);
