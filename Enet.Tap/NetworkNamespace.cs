using System.Runtime.ExceptionServices;
using Enet.Tap.Interop;

namespace Enet.Tap;

/// <summary>
/// A named network namespace as `ip netns` makes them (a bind mount under /var/run/netns), entered on a
/// thread of its own. Namespace membership is per thread (setns(2)), and a socket or TAP opened there stays
/// in that namespace after the thread leaves, so opening and configuring a device inside one needs no
/// `ip netns exec` and does not move the rest of the process.
/// </summary>
public sealed class NetworkNamespace
{
    public NetworkNamespace(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    public string Name { get; }

    /// <summary>Where iproute2 mounts named namespaces (ip-netns(8)).</summary>
    public string Path => $"/var/run/netns/{Name}";

    /// <summary>Runs <paramref name="action"/> on a new thread that has joined this namespace, waits for it
    /// and rethrows what it threw. The thread returns to the original namespace and then ends.</summary>
    public T Run<T>(Func<T> action)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = RunInside(action);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = $"netns {Name}",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    private T RunInside<T>(Func<T> action)
    {
        var subject = $"netns {Name}";
        var original = Libc.Open("/proc/thread-self/ns/net", Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (original < 0)
            throw TapException.FromErrno(subject, "open /proc/thread-self/ns/net", Libc.LastError);
        try
        {
            var target = Libc.Open(Path, Libc.O_RDONLY | Libc.O_CLOEXEC);
            if (target < 0)
                throw TapException.FromErrno(subject, $"open {Path}", Libc.LastError);
            try
            {
                if (Libc.SetNs(target, Libc.CLONE_NEWNET) != 0)
                    throw TapException.FromErrno(subject, "setns", Libc.LastError);
            }
            finally
            {
                Libc.Close(target);
            }
            try
            {
                return action();
            }
            finally
            {
                // Best effort: the thread ends right after, which leaves the namespace anyway.
                Libc.SetNs(original, Libc.CLONE_NEWNET);
            }
        }
        finally
        {
            Libc.Close(original);
        }
    }
}
