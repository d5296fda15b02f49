namespace Enet.Runtime.Actor;

/// <summary>Marks user-queue messages the cell handles itself before the actor's behaviour sees anything.</summary>
internal interface IAutoReceivedMessage;
