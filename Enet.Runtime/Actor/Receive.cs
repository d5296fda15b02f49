namespace Enet.Runtime.Actor;

/// <summary>A behaviour: returns false for messages it does not handle.</summary>
public delegate bool Receive(object message);
