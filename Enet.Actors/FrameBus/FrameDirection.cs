namespace Enet.Actors.FrameBus;

/// <summary>Whether a frame on the bus came in from the link or went out to it.</summary>
public enum FrameDirection
{
    Received,
    Sent,
}
