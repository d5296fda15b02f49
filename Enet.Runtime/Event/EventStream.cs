using Enet.Runtime.Actor;

namespace Enet.Runtime.Event;

/// <summary>
/// System-wide publish/subscribe by type: a subscriber to a base class or interface receives every event
/// assignable to it. Subscriptions are a copy-on-write array, so publishing takes no lock.
/// </summary>
public sealed class EventStream
{
    private Subscription[] _subscriptions = [];

    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        return Update(current => current.Any(s => s.Matches(subscriber, channel)) ? current : [.. current, new Subscription(channel, subscriber)]);
    }

    public bool Unsubscribe(IActorRef subscriber, Type channel) =>
        Update(current => current.Where(s => !s.Matches(subscriber, channel)).ToArray());

    /// <summary>Removes every subscription of <paramref name="subscriber"/>; done automatically when an actor stops.</summary>
    public bool Unsubscribe(IActorRef subscriber) =>
        Update(current => current.Where(s => !ReferenceEquals(s.Subscriber, subscriber)).ToArray());

    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var type = @event.GetType();
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (subscription.Channel.IsAssignableFrom(type))
            {
                subscription.Subscriber.Tell(@event, ActorRefs.NoSender);
            }
        }
    }

    private bool Update(Func<Subscription[], Subscription[]> change)
    {
        while (true)
        {
            var current = Volatile.Read(ref _subscriptions);
            var next = change(current);
            if (next.Length == current.Length)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _subscriptions, next, current) == current)
            {
                return true;
            }
        }
    }

    private readonly record struct Subscription(Type Channel, IActorRef Subscriber)
    {
        public bool Matches(IActorRef subscriber, Type channel) => ReferenceEquals(Subscriber, subscriber) && Channel == channel;
    }
}
