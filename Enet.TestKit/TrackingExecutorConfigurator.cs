using Akka.Configuration;
using Akka.Dispatch;

namespace Enet.TestKit;

/// <summary>
/// A dispatcher executor (<c>executor = "Enet.TestKit.TrackingExecutorConfigurator, Enet.TestKit"</c>) that runs
/// mailboxes on the .NET thread pool and counts them in the system's <see cref="Activity"/> from the moment they are
/// queued until they have run.
/// </summary>
public sealed class TrackingExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites)
    : ExecutorServiceConfigurator(config, prerequisites)
{
    public override ExecutorService Produce(string id) => new TrackingExecutor(id, Activity.Of(Prerequisites.Settings.System));

    private sealed class TrackingExecutor(string id, Activity activity) : ExecutorService(id)
    {
        public override void Execute(IRunnable run)
        {
            activity.Begin();
            ThreadPool.UnsafeQueueUserWorkItem(static state =>
            {
                try
                {
                    state.Run.Run();
                }
                finally
                {
                    state.Activity.End();
                }
            }, (Run: run, Activity: activity), preferLocal: false);
        }

        public override void Shutdown()
        {
        }
    }
}
