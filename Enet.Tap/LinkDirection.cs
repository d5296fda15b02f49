namespace Enet.Tap;

/// <summary>Which way a frame crossed a link, from Enet's side.</summary>
public enum LinkDirection
{
    Received,
    Sent,
}
