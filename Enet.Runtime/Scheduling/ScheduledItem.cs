using Enet.Runtime.Actor;

namespace Enet.Runtime.Scheduling;

/// <summary>One pending delivery or action, shared by both schedulers.</summary>
internal sealed class ScheduledItem : ICancelable
{
    private readonly Action? _action;
    private readonly IActorRef? _receiver;
    private readonly object? _message;
    private readonly IActorRef? _sender;
    private int _cancelled;

    public ScheduledItem(TimeSpan interval, Action action)
    {
        Interval = interval;
        _action = action;
    }

    public ScheduledItem(TimeSpan interval, IActorRef receiver, object message, IActorRef sender)
    {
        Interval = interval;
        _receiver = receiver;
        _message = message;
        _sender = sender;
    }

    /// <summary>Zero for one-shot work.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Due time in the owning scheduler's tick unit.</summary>
    public long Deadline { get; set; }

    public long RemainingRounds { get; set; }

    public bool IsCancellationRequested => Volatile.Read(ref _cancelled) != 0;

    public void Cancel() => Interlocked.Exchange(ref _cancelled, 1);

    public void Run()
    {
        if (_action is not null)
        {
            _action();
        }
        else
        {
            _receiver!.Tell(_message!, _sender!);
        }
    }
}
