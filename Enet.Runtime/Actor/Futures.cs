namespace Enet.Runtime.Actor;

/// <summary>Request-reply from outside (or inside) an actor: Ask.</summary>
public static class Futures
{
    public static Task<object> Ask(this IActorRef receiver, object message, TimeSpan? timeout = null) =>
        receiver.Ask<object>(message, timeout);

    /// <summary>Sends <paramref name="message"/> with a temporary sender and completes with its first reply;
    /// fails with <see cref="AskTimeoutException"/> when none arrives within the timeout (the system's default when null).</summary>
    public static async Task<T> Ask<T>(this IActorRef receiver, object message, TimeSpan? timeout = null)
    {
        if (receiver is not IInternalActorRef target)
        {
            throw new ArgumentException($"Cannot ask {receiver}: it belongs to no actor system", nameof(receiver));
        }

        var system = target.System;
        var wait = timeout ?? system.Settings.AskTimeout;
        var promise = new PromiseActorRef(system, system.NextTempPath());
        var timer = wait == Timeout.InfiniteTimeSpan
            ? null
            : system.Scheduler.ScheduleOnce(wait, () => promise.Fail(new AskTimeoutException(
                $"Ask timed out on {receiver.Path} after {wait.TotalMilliseconds} ms: no reply to a message of type {message.GetType().Name}")));
        receiver.Tell(message, promise);
        try
        {
            var reply = await promise.Task.ConfigureAwait(false);
            return reply is T typed
                ? typed
                : throw new InvalidCastException($"Ask of {receiver.Path} expected a reply of type {typeof(T).Name} but got {reply.GetType().Name}: {reply}");
        }
        finally
        {
            timer?.Cancel();
        }
    }
}
