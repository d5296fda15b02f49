using Enet.Runtime.Actor;

namespace Enet.TestKit;

/// <summary>A message as the test actor received it.</summary>
internal readonly record struct ReceivedMessage(object Message, IActorRef Sender);
