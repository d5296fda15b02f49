using System.Diagnostics;
using Enet.Actors.Interface;
using Enet.Tap.Interop;
using Microsoft.Win32.SafeHandles;

namespace Enet.Tap;

/// <summary>
/// The dedicated thread that reads a TAP: poll(2) on the device and an eventfd(2), then read(2) until
/// EAGAIN into pooled buffers. A blocking read on a pool thread cannot be cancelled (FileStream.ReadAsync
/// on a character device is a blocking read in disguise: dotnet/runtime#127594), so the fd is non-blocking
/// and the eventfd is how <see cref="Stop"/> wakes the thread at once.
/// </summary>
internal sealed unsafe class TapReader
{
    /// <summary>Frames read per wake-up before looking at the stop signal again, so a flood cannot starve Stop.</summary>
    private const int Burst = 64;

    /// <summary>
    /// Frames up to this size are copied out of the read buffer into a pooled buffer of their own size, and the read
    /// buffer is kept for the next read. With offload the read buffer is a super-frame's 64 kB (the pool hands out
    /// 128 kB), and a frame holds its buffer while it waits in the receive queue and the subscribers' queues: a flood
    /// of 60-byte neighbour solicitations then held 128 kB each, and 4,000 of them ran a 128 MB heap out of memory
    /// (HostileTrafficTests). Copying a frame of at most this size costs less than the pool's rent of a big one.
    /// </summary>
    internal const int CopyAtMost = 2048;

    private readonly string subject;
    private readonly int bufferSize;
    private readonly bool offload;
    private readonly TimeSpan busyPoll;
    private readonly ReceiveQueue queue;
    private readonly LinkCounters counters;
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DeviceThread thread;

    /// <summary>A read buffer the last read did not hand on; only the reader thread touches it.</summary>
    private byte[]? spare;

    /// <param name="offload">Each read starts with a <see cref="VirtioNetHeader"/> (IFF_VNET_HDR).</param>
    /// <param name="busyPoll">How long to keep reading after the last frame before sleeping in poll(2)
    /// (<see cref="TapDeviceOptions.BusyPoll"/>).</param>
    public TapReader(SafeFileHandle device, string name, int bufferSize, bool offload, TimeSpan busyPoll, ReceiveQueue queue, LinkCounters counters)
    {
        this.busyPoll = busyPoll;
        subject = $"tap {name}";
        this.bufferSize = bufferSize;
        this.offload = offload;
        this.queue = queue;
        this.counters = counters;
        thread = new DeviceThread(device, subject, "reader", Loop, Fail, () =>
        {
            if (completion.TrySetResult())
                queue.Complete();
        });
    }

    public Task Completion => completion.Task;

    public void Start() => thread.Start();

    /// <summary>Wakes the thread and waits (bounded) for it to finish; the link then completes successfully
    /// unless it had already failed. Call once.</summary>
    public void Stop(TimeSpan wait) => thread.Stop(wait);

    /// <summary>Marks the link failed, e.g. when a write finds the device gone.</summary>
    public void Fail(Exception error)
    {
        if (completion.TrySetException(error))
            queue.Complete();
    }

    private void Loop(int fd)
    {
        var fds = stackalloc PollFd[2];
        fds[0] = new PollFd { Fd = fd, Events = Libc.POLLIN };
        fds[1] = new PollFd { Fd = thread.Wakeup, Events = Libc.POLLIN };
        while (true)
        {
            if (Libc.Poll(fds, 2, -1) < 0)
            {
                var errno = Libc.LastError;
                if (errno == Libc.EINTR)
                    continue;
                throw TapException.FromErrno(subject, "poll", errno);
            }
            if (fds[1].ReturnedEvents != 0)
                return;
            var events = fds[0].ReturnedEvents;
            if (events == 0)
                continue;
            if (ReadBurst(fd))
                BusyPoll(fd, fds);
            else if ((events & (Libc.POLLERR | Libc.POLLHUP | Libc.POLLNVAL)) != 0)
                // tun_chr_poll reports POLLERR once the device is detached (deleted, or its namespace gone).
                throw new TapException($"{subject}: the device went away (poll revents 0x{events:x})");
        }
    }

    /// <summary>Keeps reading (non-blocking) until nothing came for <see cref="busyPoll"/>, or the stop signal: the next
    /// frame caught here costs no wake-up. A device gone shows in the next poll.</summary>
    private void BusyPoll(int fd, PollFd* fds)
    {
        var last = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(last) < busyPoll)
        {
            if (Libc.Poll(fds, 2, 0) > 0 && (fds[1].ReturnedEvents != 0 || (fds[0].ReturnedEvents & ~Libc.POLLIN) != 0))
                return;
            if (fds[0].ReturnedEvents != 0 && ReadBurst(fd))
                last = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>Reads until EAGAIN or a burst's worth; false when nothing was read.</summary>
    private bool ReadBurst(int fd)
    {
        for (var i = 0; i < Burst; i++)
        {
            var buffer = spare ?? FrameBuffers.Rent(bufferSize);
            spare = null;
            var n = offload ? ReadWithHeader(fd, buffer, out var header) : ReadFrame(fd, buffer, out header);
            if (n > 0)
            {
                if (header.TryComplete(buffer.AsSpan(0, (int)n)))
                {
                    if (header.GsoType != VirtioNetHeader.GsoNone)
                        counters.CountSuperFrame();
                    queue.TryOffer(Frame(buffer, (int)n, header.ChecksumDone));
                }
                else
                {
                    counters.CountReceiveDrop();
                    spare = buffer;
                }
                continue;
            }
            spare = buffer;
            if (n == 0)
                throw new TapException($"{subject}: the device went away (read returned end of file)");
            var errno = Libc.LastError;
            if (errno == Libc.EAGAIN)
                return i > 0;
            if (errno != Libc.EINTR)
                throw TapException.FromErrno(subject, errno == Libc.EBADFD ? "read (the device was deleted)" : "read", errno);
        }
        return true;
    }

    /// <summary>The frame in <paramref name="buffer"/>: in the buffer itself when it is large or the buffer small,
    /// else copied (<see cref="CopyAtMost"/>), with the buffer kept as the next read's.</summary>
    private LinkFrame Frame(byte[] buffer, int length, bool checksumVerified)
    {
        if (length > CopyAtMost || buffer.Length <= CopyAtMost)
            return new LinkFrame(buffer, length, queue.Now, checksumVerified);
        spare = buffer;
        return LinkFrame.Copy(buffer.AsSpan(0, length), queue.Now, checksumVerified);
    }

    private static nint ReadFrame(int fd, byte[] buffer, out VirtioNetHeader header)
    {
        header = default;
        fixed (byte* p = buffer)
            return Libc.Read(fd, p, (nuint)buffer.Length);
    }

    /// <summary>One readv(2): the header into <paramref name="header"/>, the frame into the buffer. A read shorter
    /// than the header (which a TAP never makes) counts as end of file.</summary>
    private static nint ReadWithHeader(int fd, byte[] buffer, out VirtioNetHeader header)
    {
        header = default;
        fixed (byte* p = buffer)
        fixed (VirtioNetHeader* h = &header)
        {
            var vectors = stackalloc IoVec[2];
            vectors[0] = new IoVec { Base = h, Length = VirtioNetHeader.Size };
            vectors[1] = new IoVec { Base = p, Length = (nuint)buffer.Length };
            var n = Libc.Readv(fd, vectors, 2);
            return n < 0 ? n : Math.Max(0, n - VirtioNetHeader.Size);
        }
    }
}
