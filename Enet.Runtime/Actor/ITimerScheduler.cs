namespace Enet.Runtime.Actor;

/// <summary>
/// Keyed timers owned by an actor. Starting a key replaces its timer; a message of a cancelled or
/// replaced timer is never delivered, even if it was already queued. All timers end at stop and restart.
/// </summary>
public interface ITimerScheduler
{
    void StartSingleTimer(object key, object message, TimeSpan delay);

    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    bool IsTimerActive(object key);

    void Cancel(object key);

    void CancelAll();
}
