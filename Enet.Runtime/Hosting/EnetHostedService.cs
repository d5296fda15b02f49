using Enet.Runtime.Actor;
using Microsoft.Extensions.Hosting;

namespace Enet.Runtime.Hosting;

/// <summary>Ties the actor system's life to the Generic Host: it is created at start-up (by resolving it) and
/// terminated, waiting for every actor to stop, when the host stops.</summary>
internal sealed class EnetHostedService(ActorSystem system) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await system.Terminate();
        await system.WhenTerminated.WaitAsync(cancellationToken);
    }
}
