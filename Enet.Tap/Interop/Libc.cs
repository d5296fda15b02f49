using System.Runtime.InteropServices;

namespace Enet.Tap.Interop;

/// <summary>The few libc calls a TAP needs (open(2), ioctl(2), poll(2), read(2), write(2), readv(2), writev(2),
/// eventfd(2), setns(2)). Every call sets errno, read back with <see cref="Marshal.GetLastPInvokeError"/>.</summary>
/// <remarks>open and ioctl are variadic in C; on x86-64 and arm64 Linux integer and pointer varargs travel
/// in the same registers as fixed arguments, so a fixed signature calls them correctly.</remarks>
internal static unsafe partial class Libc
{
    private const string Library = "libc";

    // x86-64 / arm64 open(2) flags and errno values (asm-generic/fcntl.h, errno-base.h).
    public const int O_RDONLY = 0;
    public const int O_RDWR = 2;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EAGAIN = 11;
    public const int EBADFD = 77;

    public const int AF_INET = 2;
    public const int AF_INET6 = 10;
    public const int SOCK_DGRAM = 2;
    public const int SOCK_CLOEXEC = 0x80000;

    public const short POLLIN = 0x1;
    public const short POLLOUT = 0x4;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;
    public const short POLLNVAL = 0x20;

    public const int EFD_NONBLOCK = 0x800;
    public const int EFD_CLOEXEC = 0x80000;

    /// <summary>setns(2): join only the network namespace.</summary>
    public const int CLONE_NEWNET = 0x40000000;

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, void* argument);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "readv", SetLastError = true)]
    public static partial nint Readv(int fd, IoVec* vectors, int count);

    [LibraryImport(Library, EntryPoint = "writev", SetLastError = true)]
    public static partial nint Writev(int fd, IoVec* vectors, int count);

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Library, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport(Library, EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(int fd, int namespaceType);

    public static int LastError => Marshal.GetLastPInvokeError();
}
