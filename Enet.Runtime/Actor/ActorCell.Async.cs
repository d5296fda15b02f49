using System.Runtime.ExceptionServices;
using Enet.Runtime.Dispatch;

namespace Enet.Runtime.Actor;

internal sealed partial class ActorCell
{
    private ActorSynchronizationContext? _syncContext;
    private Task? _awaiting;
    private Envelope _asyncEnvelope;

    internal void RunTask(Func<Task> action)
    {
        var task = WithActorContext(action);
        if (task.IsCompleted)
        {
            Rethrow(task);
            return;
        }

        // Until the task completes the cell takes only system messages, which include the continuations.
        _awaiting = task;
        _asyncEnvelope = _current;
        task.ContinueWith(
            static (completed, self) => ((LocalActorRef)self!).SendSystemMessage(new SystemMessage.AsyncCompleted(completed)),
            SelfRef,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private Task WithActorContext(Func<Task> action)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext ??= new ActorSynchronizationContext(SelfRef));
        try
        {
            return action();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void RunContinuation(SystemMessage.RunContinuation continuation)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext);
        _current = _asyncEnvelope;
        try
        {
            continuation.Callback(continuation.State);
        }
        catch (Exception cause)
        {
            Fail(cause);
        }
        finally
        {
            _current = default;
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void OnAsyncCompleted(Task task)
    {
        if (!ReferenceEquals(task, _awaiting))
        {
            return;
        }

        _awaiting = null;
        _current = _asyncEnvelope;
        _asyncEnvelope = default;
        try
        {
            Rethrow(task);
        }
        catch (Exception cause)
        {
            Fail(cause);
        }
        finally
        {
            _current = default;
        }
    }

    private static void Rethrow(Task task)
    {
        if (task.IsFaulted)
        {
            ExceptionDispatchInfo.Throw(task.Exception!.InnerException ?? task.Exception);
        }

        if (task.IsCanceled)
        {
            throw new TaskCanceledException(task);
        }
    }
}
