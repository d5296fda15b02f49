using Enet.Runtime.Dispatch;
using Enet.Runtime.Event;
using Enet.Runtime.Scheduling;

namespace Enet.Runtime.Actor;

/// <summary>
/// The runtime side of one actor: its instance, behaviour stack, mailbox, children, watchers, timers and
/// failure state. Everything here runs on the actor's own turn, one thread at a time, except where noted.
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    [ThreadStatic]
    private static ActorCell? t_current;

    [ThreadStatic]
    private static ActorCell? t_creating;

    private readonly IInternalActorRef? _parent;
    private readonly List<Receive> _behaviorStack = [];
    private ActorBase? _actor;
    private Receive? _behavior;
    private Envelope _current;
    private TimerScheduler? _timers;
    private ActorStash? _stash;
    private ICancelable? _receiveTimeoutTask;
    private int _receiveTimeoutGeneration;

    public ActorCell(ActorSystem system, Props props, ActorPath path, IInternalActorRef? parent, bool isGuardian)
    {
        System = system;
        Props = props;
        _parent = parent;
        _isGuardian = isGuardian;
        SelfRef = new LocalActorRef(this, path);
        Mailbox = new Mailbox(this, system.Settings.Throughput);
    }

    /// <summary>The cell whose turn runs on this thread.</summary>
    internal static ActorCell? Current => t_current;

    /// <summary>The cell whose actor instance is being constructed on this thread.</summary>
    internal static ActorCell? Creating => t_creating;

    public ActorSystem System { get; }

    public Props Props { get; }

    public LocalActorRef SelfRef { get; }

    public IActorRef Self => SelfRef;

    public IActorRef Parent => _parent ?? ActorRefs.Nobody;

    public IActorRef Sender =>
        _current.Sender is { } sender && !ReferenceEquals(sender, ActorRefs.NoSender) ? sender : System.DeadLetters;

    public ITimerScheduler Timers => _timers ??= new TimerScheduler(this);

    public TimeSpan? ReceiveTimeout { get; private set; }

    internal Mailbox Mailbox { get; }

    internal Envelope CurrentEnvelope => _current;

    internal bool CanProcessUserMessages => _actor is not null && _suspendCount == 0 && !_terminating && _awaiting is null;

    internal static void Enter(ActorCell cell) => t_current = cell;

    internal static void Exit() => t_current = null;

    public void Become(Receive receive)
    {
        if (_behaviorStack.Count > 0)
        {
            _behaviorStack.RemoveAt(_behaviorStack.Count - 1);
        }

        BecomeStacked(receive);
    }

    public void BecomeStacked(Receive receive)
    {
        _behaviorStack.Add(receive);
        _behavior = receive;
    }

    public void UnbecomeStacked()
    {
        if (_behaviorStack.Count > 1)
        {
            _behaviorStack.RemoveAt(_behaviorStack.Count - 1);
            _behavior = _behaviorStack[^1];
        }
        else if (_actor is not null)
        {
            _behaviorStack.Clear();
            BecomeStacked(_actor.InitialBehavior);
        }
    }

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        ReceiveTimeout = timeout;
        RescheduleReceiveTimeout();
    }

    internal void Invoke(Envelope envelope)
    {
        _current = envelope;
        try
        {
            if (envelope.Message is IAutoReceivedMessage)
            {
                AutoReceive(envelope.Message);
            }
            else
            {
                ReceiveMessage(envelope.Message);
            }

            if (ReceiveTimeout is not null)
            {
                RescheduleReceiveTimeout();
            }
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

    internal void DeadLetter(Envelope envelope)
    {
        // Timer and timeout wrappers are the runtime's own bookkeeping, not anybody's lost mail.
        if (envelope.Message is not (TimerMessage or ReceiveTimeoutTick))
        {
            System.PublishDeadLetter(envelope.Message, envelope.Sender, SelfRef);
        }
    }

    private void ReceiveMessage(object message)
    {
        if (!_behavior!(message))
        {
            _actor!.InvokeUnhandled(message);
        }
    }

    private void AutoReceive(object message)
    {
        switch (message)
        {
            case Terminated terminated:
                if (_watching.Remove(terminated.ActorRef))
                {
                    ReceiveMessage(terminated);
                }

                break;
            case PoisonPill:
                SelfRef.SendSystemMessage(SystemMessage.Terminate.Instance);
                break;
            case Kill:
                throw new ActorKilledException($"Kill received by {Self.Path}");
            case Identify identify:
                Sender.Tell(new ActorIdentity(identify.MessageId, Self), Self);
                break;
            case TimerMessage timer:
                if (_timers is not null && _timers.TryTake(timer))
                {
                    ReceiveMessage(timer.Message);
                }

                break;
            case ReceiveTimeoutTick tick:
                if (tick.Generation == _receiveTimeoutGeneration)
                {
                    ReceiveMessage(Actor.ReceiveTimeout.Instance);
                }

                break;
        }
    }

    private void RescheduleReceiveTimeout()
    {
        _receiveTimeoutTask?.Cancel();
        _receiveTimeoutTask = null;
        var generation = ++_receiveTimeoutGeneration;
        if (ReceiveTimeout is { } timeout && !_terminating)
        {
            _receiveTimeoutTask = System.Scheduler.ScheduleTellOnce(timeout, SelfRef, new ReceiveTimeoutTick(generation), SelfRef);
        }
    }

    private void CancelTimers()
    {
        _timers?.CancelAll();
        _receiveTimeoutTask?.Cancel();
        _receiveTimeoutTask = null;
        _receiveTimeoutGeneration++;
    }

    private void NewInstance()
    {
        _behaviorStack.Clear();
        _behavior = null;
        t_creating = this;
        ActorBase actor;
        try
        {
            actor = Props.NewActor();
        }
        finally
        {
            t_creating = null;
        }

        _actor = actor;
        _behaviorStack.Insert(0, actor.InitialBehavior);
        _behavior = _behaviorStack[^1];
        if (actor is IWithStash withStash)
        {
            withStash.Stash = _stash ??= new ActorStash(this);
        }
    }

    private ILoggingAdapter LogFor(IActorRef source) => new LoggingAdapter(System, source.Path.ToString(), Props.Type);
}
