using Enet.Runtime.Actor;

namespace Enet.Runtime.Dispatch;

/// <summary>
/// An actor's two queues (system messages first) and its turn on the thread pool. The scheduled flag is
/// set with one CAS, so at most one thread runs the actor at a time and no lock is taken per message.
/// </summary>
internal sealed class Mailbox(ActorCell cell, int throughput) : IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Scheduled = 1;
    private readonly MpscQueue<Envelope> _user = new(16);
    private readonly MpscQueue<SystemMessage> _system = new(4);
    private Queue<Envelope>? _prepended;
    private bool _closed;
    private int _status;

    public void Post(Envelope envelope)
    {
        _user.Enqueue(envelope);
        Schedule();
    }

    public void PostSystem(SystemMessage message)
    {
        _system.Enqueue(message);
        Schedule();
    }

    /// <summary>Called by the actor itself once it has terminated: from now on everything is drained.</summary>
    public void Close() => _closed = true;

    /// <summary>Puts unstashed messages in front of everything else still waiting (actor thread only).</summary>
    public void Prepend(IEnumerable<Envelope> envelopes)
    {
        var queue = new Queue<Envelope>(envelopes);
        if (_prepended is { } older)
        {
            foreach (var envelope in older)
            {
                queue.Enqueue(envelope);
            }
        }

        _prepended = queue;
    }

    public void Execute()
    {
        ActorCell.Enter(cell);
        try
        {
            Run();
        }
        finally
        {
            ActorCell.Exit();
            Interlocked.Exchange(ref _status, Idle);
            if (HasWork())
            {
                Schedule();
            }
        }
    }

    private void Schedule()
    {
        // The CAS is the full fence that publishes the message just enqueued before the status is read; a plain
        // read first could be reordered ahead of that store (x86 store-load) while the running consumer sets Idle
        // and finds the queue empty: then nobody schedules the actor (a lost wake-up).
        if (Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private void Run()
    {
        ProcessSystemMessages();
        for (var budget = throughput; budget > 0 && !_closed && cell.CanProcessUserMessages && TryTakeUser(out var envelope); budget--)
        {
            cell.Invoke(envelope);
            if (!_system.IsEmpty)
            {
                ProcessSystemMessages();
            }
        }

        if (_closed)
        {
            ProcessSystemMessages();
            while (TryTakeUser(out var envelope))
            {
                cell.DeadLetter(envelope);
            }
        }
    }

    private void ProcessSystemMessages()
    {
        while (_system.TryDequeue(out var message))
        {
            if (_closed)
            {
                cell.SystemInvokeAfterTermination(message);
            }
            else
            {
                cell.SystemInvoke(message);
            }
        }
    }

    private bool TryTakeUser(out Envelope envelope)
    {
        if (_prepended is { Count: > 0 } prepended)
        {
            envelope = prepended.Dequeue();
            return true;
        }

        return _user.TryDequeue(out envelope);
    }

    private bool HasWork() =>
        !_system.IsEmpty || ((_prepended is { Count: > 0 } || !_user.IsEmpty) && (_closed || cell.CanProcessUserMessages));
}
