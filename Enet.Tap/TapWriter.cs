using System.Collections.Concurrent;
using Enet.Tap.Interop;
using Microsoft.Win32.SafeHandles;

namespace Enet.Tap;

/// <summary>
/// The dedicated thread that writes a TAP. Senders copy a frame into a pooled buffer and queue it; the thread
/// wakes once per burst (an eventfd(2) signalled only when it sleeps) and writes everything queued, so a sender
/// never waits in write(2) and a burst of N frames costs N writes but one wake-up. A full device queue (EAGAIN)
/// waits for POLLOUT instead of losing the frame; only a full <see cref="TapWriter"/> queue drops, and counts.
/// </summary>
internal sealed unsafe class TapWriter
{
    private readonly SafeFileHandle device;
    private readonly string subject;
    private readonly LinkCounters counters;
    private readonly Action<Exception> fail;
    private readonly ConcurrentQueue<LinkFrame> queue = new();
    private readonly int capacity;
    private readonly int wakeup;
    private readonly Thread thread;
    private int queued;
    private long wakeups;
    private int sleeping;
    private volatile bool stopping;

    public TapWriter(SafeFileHandle device, string name, int capacity, LinkCounters counters, Action<Exception> fail)
    {
        this.device = device;
        subject = $"tap {name}";
        this.capacity = capacity;
        this.counters = counters;
        this.fail = fail;
        wakeup = Libc.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (wakeup < 0)
            throw TapException.FromErrno(subject, "eventfd", Libc.LastError);
        thread = new Thread(Run) { IsBackground = true, Name = $"{subject} writer" };
        thread.Start();
    }

    /// <summary>How often the thread woke to write: frames sent divided by this is the average batch.</summary>
    public long Wakeups => Interlocked.Read(ref wakeups);

    /// <summary>Queues a copy of <paramref name="frame"/>; false (counted) when the queue is full or stopping.</summary>
    public bool TrySend(ReadOnlySpan<byte> frame)
    {
        if (stopping || Interlocked.Increment(ref queued) > capacity)
        {
            if (!stopping)
                Interlocked.Decrement(ref queued);
            counters.CountSendDrop();
            return false;
        }
        queue.Enqueue(LinkFrame.Copy(frame, 0));
        // The exchange is a full fence: either the writer sees this frame before it sleeps, or it sleeps and
        // this sees the flag and wakes it.
        if (Volatile.Read(ref sleeping) == 1 && Interlocked.Exchange(ref sleeping, 0) == 1)
            Signal();
        return true;
    }

    /// <summary>Wakes the thread to finish, waits (bounded) for it, and returns unwritten buffers to the pool.</summary>
    public void Stop(TimeSpan wait)
    {
        stopping = true;
        Signal();
        if (!thread.IsAlive || thread.Join(wait))
            Libc.Close(wakeup);
        while (queue.TryDequeue(out var frame))
            frame.Dispose();
    }

    private void Signal()
    {
        ulong one = 1;
        Libc.Write(wakeup, (byte*)&one, sizeof(ulong));
    }

    private void Run()
    {
        var added = false;
        try
        {
            device.DangerousAddRef(ref added);
            Loop((int)device.DangerousGetHandle());
        }
        catch (Exception e)
        {
            fail(e);
        }
        finally
        {
            if (added)
                device.DangerousRelease();
        }
    }

    private void Loop(int fd)
    {
        while (!stopping)
        {
            Interlocked.Increment(ref wakeups);
            while (!stopping && queue.TryDequeue(out var frame))
            {
                Interlocked.Decrement(ref queued);
                try
                {
                    if (!Write(fd, frame.Span))
                        return;
                }
                finally
                {
                    frame.Dispose();
                }
            }
            Volatile.Write(ref sleeping, 1);
            Interlocked.MemoryBarrier();
            if (queue.IsEmpty && !stopping)
                Wait(wakeup, Libc.POLLIN);
            Interlocked.Exchange(ref sleeping, 0);
            Drain(wakeup);
        }
    }

    /// <summary>Writes one frame; false when the device is gone (the link is failed and the thread ends).</summary>
    private bool Write(int fd, ReadOnlySpan<byte> frame)
    {
        while (true)
        {
            nint n;
            fixed (byte* p = frame)
                n = Libc.Write(fd, p, (nuint)frame.Length);
            if (n == frame.Length)
            {
                counters.CountSent(frame.Length);
                return true;
            }
            var errno = n < 0 ? Libc.LastError : 0;
            if (errno == Libc.EINTR)
                continue;
            if (errno == Libc.EAGAIN)
            {
                // The kernel's queue for the device is full: wait until it drains rather than drop.
                if (!Wait(fd, Libc.POLLOUT))
                    return false;
                continue;
            }
            counters.CountSendDrop();
            // EIO (interface down) loses this frame; EBADFD means the device is gone.
            if (errno != Libc.EBADFD)
                return true;
            fail(TapException.FromErrno(subject, "write (the device was deleted)", errno));
            return false;
        }
    }

    /// <summary>poll(2) on <paramref name="fd"/> and the wake-up fd; false when told to stop.</summary>
    private bool Wait(int fd, short events)
    {
        var fds = stackalloc PollFd[2];
        fds[0] = new PollFd { Fd = fd, Events = events };
        fds[1] = new PollFd { Fd = wakeup, Events = Libc.POLLIN };
        var count = fd == wakeup ? 1 : 2;
        while (Libc.Poll(fds, (nuint)count, -1) < 0)
        {
            var errno = Libc.LastError;
            if (errno != Libc.EINTR)
                throw TapException.FromErrno(subject, "poll", errno);
        }
        // A signal left over from an earlier burst would make every later poll return at once.
        if (count == 2 && fds[1].ReturnedEvents != 0)
            Drain(wakeup);
        return !stopping;
    }

    private static void Drain(int eventFd)
    {
        ulong value;
        Libc.Read(eventFd, (byte*)&value, sizeof(ulong));
    }
}
