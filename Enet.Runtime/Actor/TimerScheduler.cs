using Enet.Runtime.Scheduling;

namespace Enet.Runtime.Actor;

/// <summary>An actor's timers, scheduled on the system's scheduler so virtual time drives them. Actor thread only.</summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    private readonly Dictionary<object, ActiveTimer> _timers = [];

    public void StartSingleTimer(object key, object message, TimeSpan delay) => Start(key, message, delay, TimeSpan.Zero);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) => Start(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Start(key, message, initialDelay, interval);
    }

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var timer))
        {
            timer.Task.Cancel();
        }
    }

    public void CancelAll()
    {
        foreach (var timer in _timers.Values)
        {
            timer.Task.Cancel();
        }

        _timers.Clear();
    }

    /// <summary>True when <paramref name="message"/> comes from a timer that is still current.</summary>
    public bool TryTake(TimerMessage message)
    {
        if (!_timers.TryGetValue(message.Key, out var timer) || !ReferenceEquals(timer.Message, message))
        {
            return false;
        }

        if (!timer.Periodic)
        {
            _timers.Remove(message.Key);
        }

        return true;
    }

    private void Start(object key, object message, TimeSpan delay, TimeSpan interval)
    {
        Cancel(key);
        var wrapped = new TimerMessage(key, message);
        var scheduler = cell.System.Scheduler;
        var task = interval > TimeSpan.Zero
            ? scheduler.ScheduleTellRepeatedly(delay, interval, cell.Self, wrapped, cell.Self)
            : scheduler.ScheduleTellOnce(delay, cell.Self, wrapped, cell.Self);
        _timers[key] = new ActiveTimer(wrapped, task, interval > TimeSpan.Zero);
    }

    private readonly record struct ActiveTimer(TimerMessage Message, ICancelable Task, bool Periodic);
}
