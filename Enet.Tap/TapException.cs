using System.Runtime.InteropServices;

namespace Enet.Tap;

/// <summary>A TAP device (or the namespace it lives in) could not be opened, configured or used. The
/// message is one line naming the device, the operation and the errno text, e.g.
/// "tap enet%d: TUNSETIFF: Operation not permitted (EPERM, errno 1)".</summary>
public sealed class TapException : Exception
{
    public TapException(string message) : base(message) { }

    public TapException(string message, Exception inner) : base(message, inner) { }

    private TapException(string subject, string operation, int errno)
        : base($"{subject}: {operation}: {Marshal.GetPInvokeErrorMessage(errno)} ({ErrnoName(errno)}errno {errno})") =>
        Errno = errno;

    /// <summary>The errno the failing call set, or 0 when the failure was not a system call's.</summary>
    public int Errno { get; }

    /// <param name="subject">What failed, e.g. "tap enet0" or "netns test1".</param>
    internal static TapException FromErrno(string subject, string operation, int errno) => new(subject, operation, errno);

    /// <summary>Names for the errors a TAP user meets (errno-base.h, errno.h), so the message says which it was.</summary>
    private static string ErrnoName(int errno) => errno switch
    {
        1 => "EPERM, ",
        2 => "ENOENT, ",
        5 => "EIO, ",
        9 => "EBADF, ",
        13 => "EACCES, ",
        16 => "EBUSY, ",
        19 => "ENODEV, ",
        22 => "EINVAL, ",
        77 => "EBADFD, ",
        99 => "EADDRNOTAVAIL, ",
        _ => "",
    };
}
