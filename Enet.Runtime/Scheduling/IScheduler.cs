using Enet.Runtime.Actor;

namespace Enet.Runtime.Scheduling;

/// <summary>
/// Delayed and repeated delivery. Every timer in Enet goes through one of these, so replacing it with a
/// <see cref="VirtualScheduler"/> makes a test's notion of time an input.
/// </summary>
public interface IScheduler
{
    DateTimeOffset Now { get; }

    ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef sender);

    ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef sender);

    ICancelable ScheduleOnce(TimeSpan delay, Action action);
}
