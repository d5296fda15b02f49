namespace Enet.Runtime.Actor;

/// <summary>A behaviour of an <see cref="UntypedActor"/>; it calls Unhandled itself.</summary>
public delegate void UntypedReceive(object message);
