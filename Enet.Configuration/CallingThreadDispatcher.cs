using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.SysMsg;

namespace Enet.Configuration;

/// <summary>
/// Runs an actor's mailbox on the thread that sent it a message, one sender at a time. Enet's logger runs on it, so
/// an event is in Serilog's sinks when the log call returns: Akka stops its loggers with a system message, which
/// overtakes the events still queued in a logger's mailbox, and the last lines before a termination were lost.
/// A sender that found the mailbox running on another thread used to queue its event and return, and the stop could
/// still overtake it (the dead-letter listener logging beside an actor did that); now it waits for that turn to end
/// and runs its own. That is Serilog's own contract for a synchronous sink: a log call returns once its event is
/// written, after the writes queued ahead of it, and a sink that blocks holds its callers (Serilog.Sinks.Async is
/// the way to decouple them, in the logger the application configures).
/// </summary>
public sealed class CallingThreadDispatcherConfigurator : MessageDispatcherConfigurator
{
    private readonly MessageDispatcher dispatcher;

    /// <summary>Called by Akka for a dispatcher whose <c>type</c> names this class.</summary>
    public CallingThreadDispatcherConfigurator(Akka.Configuration.Config config, IDispatcherPrerequisites prerequisites)
        : base(config, prerequisites) => dispatcher = new CallingThreadDispatcher(this);

    /// <inheritdoc />
    public override MessageDispatcher Dispatcher() => dispatcher;

    private sealed class CallingThreadDispatcher(MessageDispatcherConfigurator configurator) : MessageDispatcher(configurator)
    {
        // Re-entrant: an event the logger logs while it writes is queued and written in the same turn.
        private readonly Lock turn = new();

        public override void Dispatch(ActorCell cell, Envelope envelope)
        {
            lock (turn)
                base.Dispatch(cell, envelope);
        }

        public override void SystemDispatch(ActorCell cell, SystemMessage message)
        {
            lock (turn)
                base.SystemDispatch(cell, message);
        }

        protected override void ExecuteTask(IRunnable run) => run.Run();

        protected override void Shutdown()
        {
            // Nothing to stop: it owns no threads.
        }
    }
}
