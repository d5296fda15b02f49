using Enet.Tap.Interop;
using Microsoft.Win32.SafeHandles;

namespace Enet.Tap;

/// <summary>
/// A dedicated thread working on a device's fd (the TAP reader's and writer's), with the eventfd(2) that wakes it
/// from poll(2). The loop runs with the handle referenced, so close(2) cannot run (and the fd number be reused)
/// while it reads or writes; what the loop throws goes to the failure callback.
/// </summary>
internal sealed unsafe class DeviceThread
{
    private readonly SafeFileHandle device;
    private readonly Action<int> loop;
    private readonly Action<Exception> fail;
    private readonly Action? finished;
    private readonly Thread thread;

    /// <param name="finished">Runs last on the thread, after the handle is released, however the loop ended.</param>
    public DeviceThread(SafeFileHandle device, string subject, string role, Action<int> loop, Action<Exception> fail, Action? finished = null)
    {
        this.device = device;
        this.loop = loop;
        this.fail = fail;
        this.finished = finished;
        Wakeup = Libc.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (Wakeup < 0)
            throw TapException.FromErrno(subject, "eventfd", Libc.LastError);
        thread = new Thread(Run) { IsBackground = true, Name = $"{subject} {role}" };
    }

    /// <summary>The eventfd to poll beside the device: readable once <see cref="Signal"/> ran.</summary>
    public int Wakeup { get; }

    public void Start() => thread.Start();

    public void Signal()
    {
        ulong one = 1;
        Libc.Write(Wakeup, (byte*)&one, sizeof(ulong));
    }

    /// <summary>Consumes pending signals, so the next poll waits again.</summary>
    public void DrainWakeup()
    {
        ulong value;
        Libc.Read(Wakeup, (byte*)&value, sizeof(ulong));
    }

    /// <summary>Signals the thread and waits (bounded) for it. A thread still polling keeps its eventfd: closing it
    /// could hand the number to another file.</summary>
    public void Stop(TimeSpan wait)
    {
        Signal();
        if (!thread.IsAlive || thread.Join(wait))
            Libc.Close(Wakeup);
    }

    private void Run()
    {
        var added = false;
        try
        {
            device.DangerousAddRef(ref added);
            loop((int)device.DangerousGetHandle());
        }
        catch (Exception e)
        {
            fail(e);
        }
        finally
        {
            if (added)
                device.DangerousRelease();
            finished?.Invoke();
        }
    }
}
