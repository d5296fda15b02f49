namespace Enet.Runtime.Actor;

/// <remarks>
/// Failure protocol, as in Akka: a failing actor suspends itself and its children and reports
/// <see cref="SystemMessage.Failed"/> to its parent, whose strategy answers with Resume, Recreate or Terminate,
/// or fails the parent in turn (Escalate). A restart runs PreRestart on the old instance (by default it stops
/// all children), waits until the children it stopped have terminated so their names are free again, then
/// builds a new instance from Props and runs PostRestart (by default PreStart, which recreates children).
/// Children the old instance kept are resumed and survive. Stopping waits for all children, then runs PostStop.
/// </remarks>
internal sealed partial class ActorCell
{
    private readonly bool _isGuardian;
    private int _suspendCount;
    private bool _terminating;
    private Exception? _pendingRestart;
    private object? _failedMessage;

    internal void SystemInvoke(SystemMessage message)
    {
        try
        {
            switch (message)
            {
                case SystemMessage.Create:
                    Create();
                    break;
                case SystemMessage.Terminate:
                    BeginTerminate();
                    break;
                case SystemMessage.Suspend:
                    _suspendCount++;
                    TellChildren(SystemMessage.Suspend.Instance);
                    break;
                case SystemMessage.Resume:
                    _suspendCount = Math.Max(0, _suspendCount - 1);
                    TellChildren(SystemMessage.Resume.Instance);
                    break;
                case SystemMessage.Recreate recreate:
                    Recreate(recreate.Cause);
                    break;
                case SystemMessage.Failed failed:
                    OnChildFailed(failed.Child, failed.Cause);
                    break;
                case SystemMessage.ChildTerminated terminated:
                    OnChildTerminated(terminated.Child);
                    break;
                case SystemMessage.Watch watch when ReferenceEquals(watch.Watchee, SelfRef):
                    _watchedBy.Add(watch.Watcher);
                    break;
                case SystemMessage.Unwatch unwatch when ReferenceEquals(unwatch.Watchee, SelfRef):
                    _watchedBy.Remove(unwatch.Watcher);
                    break;
                case SystemMessage.DeathWatchNotification notification:
                    OnWatchNotification(notification);
                    break;
                case SystemMessage.RunContinuation continuation:
                    RunContinuation(continuation);
                    break;
                case SystemMessage.AsyncCompleted completed:
                    OnAsyncCompleted(completed.Task);
                    break;
            }
        }
        catch (Exception cause)
        {
            LogFor(SelfRef).Error(cause, "Internal failure while processing {SystemMessage}", message.GetType().Name);
        }
    }

    /// <summary>After termination only a watch needs an answer: the actor is already dead.</summary>
    internal void SystemInvokeAfterTermination(SystemMessage message)
    {
        if (message is SystemMessage.Watch watch && ReferenceEquals(watch.Watchee, SelfRef))
        {
            watch.Watcher.SendSystemMessage(new SystemMessage.DeathWatchNotification(SelfRef));
        }
    }

    internal void Fail(Exception cause)
    {
        if (_terminating)
        {
            LogFor(SelfRef).Error(cause, "Failure while stopping: {Message}", cause.Message);
            return;
        }

        _suspendCount++;
        TellChildren(SystemMessage.Suspend.Instance);
        _failedMessage = _current.Message;
        if (_parent is null)
        {
            LogFor(SelfRef).Error(cause, "Root guardian failed, stopping the system: {Message}", cause.Message);
            BeginTerminate();
        }
        else
        {
            _parent.SendSystemMessage(new SystemMessage.Failed(SelfRef, cause));
        }
    }

    private void Create()
    {
        try
        {
            NewInstance();
            _actor!.InvokePreStart();
        }
        catch (Exception cause)
        {
            Fail(new ActorInitializationException(SelfRef, $"Exception while creating {Self.Path}: {cause.Message}", cause));
        }
    }

    private void OnChildFailed(LocalActorRef child, Exception cause)
    {
        // A failure report from a child that has since been stopped or replaced is stale.
        if (_terminating || !_children.TryGetValue(child.Path.Name, out var known) || known != child)
        {
            return;
        }

        var strategy = _isGuardian ? System.Settings.GuardianSupervisorStrategy : _actor?.SupervisorStrategyInternal ?? SupervisorStrategy.DefaultStrategy;
        var directive = strategy.Decider(cause);
        var log = LogFor(child);
        switch (directive)
        {
            case Directive.Resume:
                log.Warning(cause, "{Message}; resuming", cause.Message);
                child.SendSystemMessage(SystemMessage.Resume.Instance);
                break;
            case Directive.Restart:
            case Directive.Stop:
                log.Error(cause, "{Message}", cause.Message);
                strategy.ProcessFailure(this, directive == Directive.Restart, child, cause);
                break;
            case Directive.Escalate when _isGuardian:
                log.Error(cause, "{Message}; escalated to the guardian, stopping the actor", cause.Message);
                Stop(child);
                break;
            case Directive.Escalate:
                Fail(cause);
                break;
        }
    }

    private void Recreate(Exception cause)
    {
        if (_terminating)
        {
            return;
        }

        CancelTimers();
        _awaiting = null;
        if (_actor is { } failed)
        {
            try
            {
                failed.InvokePreRestart(cause, _failedMessage);
            }
            catch (Exception hookFailure)
            {
                LogFor(SelfRef).Error(hookFailure, "PreRestart failed: {Message}", hookFailure.Message);
            }

            _stash?.UnstashAll();
        }

        _actor = null;
        _failedMessage = null;
        _pendingRestart = cause;
        if (_stoppingChildren.Count == 0)
        {
            FinishRecreate(cause);
        }
    }

    private void FinishRecreate(Exception cause)
    {
        _pendingRestart = null;
        _suspendCount = 0;
        TellChildren(SystemMessage.Resume.Instance);
        try
        {
            NewInstance();
            _actor!.InvokePostRestart(cause);
        }
        catch (Exception failure)
        {
            Fail(new ActorInitializationException(SelfRef, $"Exception while restarting {Self.Path}: {failure.Message}", failure));
        }
    }

    private void BeginTerminate()
    {
        if (_terminating)
        {
            return;
        }

        _terminating = true;
        CancelTimers();
        foreach (var child in _children.Values)
        {
            _stoppingChildren.Add(child);
            child.SendSystemMessage(SystemMessage.Terminate.Instance);
        }

        if (_children.IsEmpty)
        {
            FinishTerminate();
        }
    }

    private void FinishTerminate()
    {
        if (_actor is { } actor)
        {
            try
            {
                actor.InvokePostStop();
            }
            catch (Exception cause)
            {
                LogFor(SelfRef).Error(cause, "PostStop failed: {Message}", cause.Message);
            }
        }

        _actor = null;
        _behavior = null;
        _behaviorStack.Clear();
        _awaiting = null;
        Mailbox.Close();
        _stash?.DropToDeadLetters();
        TellWatchersWeDied();
        System.EventStream.Unsubscribe(SelfRef);
        if (_parent is null)
        {
            System.OnRootTerminated();
        }
        else
        {
            _parent.SendSystemMessage(new SystemMessage.ChildTerminated(SelfRef));
        }
    }

    private void TellChildren(SystemMessage message)
    {
        foreach (var child in _children.Values)
        {
            child.SendSystemMessage(message);
        }
    }
}
