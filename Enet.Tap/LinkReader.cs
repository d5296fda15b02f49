using Enet.Actors;
using Enet.Actors.FrameBus;
using Enet.Actors.Interface;
using Akka.Actor;
using Akka.Event;

namespace Enet.Tap;

/// <summary>
/// Moves frames from any <see cref="ILink"/> onto an interface's frame bus. The read loop runs on its own
/// task, off the actor's turn, so a busy mailbox never slows the link; the bus decodes each frame once and
/// never blocks. The reader owns the link: it disposes it when it stops. When the link ends the reader
/// stops; when the link fails it throws <see cref="LinkFailedException"/> so the failure is supervised
/// rather than a silent hang.
/// </summary>
public sealed class LinkReader : ReceiveActor
{
    private readonly ILink link;
    private readonly FrameDispatcher bus;
    private readonly CancellationTokenSource stopping = new();
    private readonly ILoggingAdapter log = Context.GetLogger();

    public LinkReader(ILink link, FrameDispatcher bus)
    {
        this.link = link;
        this.bus = bus;
        Receive<LinkClosed>(closed =>
        {
            if (closed.Error is { } error)
                throw new LinkFailedException(link.Name, error);
            log.Info("{Link} closed: {Counters}", link, link.Counters);
            Context.Stop(Self);
        });
    }

    public static Props Props(ILink link, FrameDispatcher bus) => ActorProps.Create(() => new LinkReader(link, bus));

    /// <summary>Props for an <see cref="EthInterface"/> over <paramref name="link"/> with its reader as a child.</summary>
    public static Props InterfaceProps(ILink link, EthInterfaceSettings settings) =>
        EthInterface.Props(settings with { Mtu = Math.Min(settings.Mtu, link.Mtu) }, new LinkFrameSender(link), bus => Props(link, bus));

    protected override void PreStart()
    {
        var self = Self;
        var token = stopping.Token;
        _ = Task.Factory.StartNew(() => Pump(self, token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Akka restarts the children an actor keeps across its own restart (EthInterface keeps this one): only the
    /// pump stops here, the link lives on for the next incarnation, which starts a pump of its own.</summary>
    protected override void PreRestart(Exception reason, object message) => stopping.Cancel();

    protected override void PostStop()
    {
        stopping.Cancel();
        link.Dispose();
    }

    private async Task Pump(IActorRef self, CancellationToken token)
    {
        var received = link.Received;
        try
        {
            while (await received.WaitToReadAsync(token).ConfigureAwait(false))
                while (received.TryRead(out var frame))
                    // The bus gives the buffer back to the pool once the last subscriber is done with its bytes.
                    bus.Publish(frame.Memory, frame.TimestampNanoseconds, FrameDirection.Received, frame.Buffer, frame.ChecksumVerified);
            await link.Completion.ConfigureAwait(false);
            self.Tell(new LinkClosed(null), self);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            self.Tell(new LinkClosed(e), self);
        }
    }

    private sealed record LinkClosed(Exception? Error);
}
