namespace Enet.Actors.Tcp;

/// <summary>When a listener answers a SYN with a SYN cookie (RFC 4987 3.6) instead of a half-open connection: Linux's
/// tcp_syncookies 0, 1 and 2.</summary>
public enum SynCookieMode
{
    /// <summary>Never: a SYN beyond the backlog is dropped (RFC 4987 3.2) and the peer retransmits it.</summary>
    Off,

    /// <summary>Once the listener's SYN backlog is full.</summary>
    On,

    /// <summary>For every SYN: no half-open connection is ever kept.</summary>
    Always,
}
