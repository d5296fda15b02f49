namespace Enet.Remote.Distribution;

/// <summary>
/// What a send does when the connection's queue is past <c>dist_buf_busy_limit</c> (erl(1) <c>+zdbbl</c>):
/// the three ways OTP sends to a busy distribution port (erlang:send/3, port_command/3 options).
/// </summary>
internal enum SendMode
{
    /// <summary>Queued whatever the queue holds: ticks and the node's own replies, which OTP never suspends.</summary>
    Force,

    /// <summary>The sender waits until the queue has shrunk below the limit, as OTP suspends a sending process.</summary>
    Suspend,

    /// <summary>Dropped (the send returns false) instead of waiting, as erlang:send/3 with <c>nosuspend</c>.</summary>
    NoSuspend,
}
