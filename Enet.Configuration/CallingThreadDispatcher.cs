using Akka.Dispatch;

namespace Enet.Configuration;

/// <summary>
/// Runs an actor's mailbox on the thread that sent it a message. Enet's logger runs on it, so an event is in
/// Serilog's sinks when the log call returns: Akka stops its loggers with a system message, which overtakes the
/// events still queued in a logger's mailbox, and the last lines before a termination were lost. Serilog's sinks
/// are synchronous anyway; the mailbox still runs one message at a time, so a sender that finds it busy only
/// queues, and the thread running it writes that event too. Such an event (two threads logging at once into a slow
/// sink) can still be overtaken by the stop; only a logger mailbox that writes its leftovers on clean-up would close
/// that.
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
        protected override void ExecuteTask(IRunnable run) => run.Run();

        protected override void Shutdown()
        {
            // Nothing to stop: it owns no threads.
        }
    }
}
