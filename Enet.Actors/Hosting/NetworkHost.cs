using Enet.Actors.Interface;
using Akka.Actor;
using Akka.Event;

namespace Enet.Actors.Hosting;

/// <summary>
/// A named host (ENet's enet_host): the parent and supervisor of its interfaces and of the services and
/// observers attached to them. A child that throws is restarted a bounded number of times; an interface
/// whose link failed is stopped, since a restart cannot bring a vanished device back.
/// </summary>
public sealed class NetworkHost : ReceiveActor
{
    private readonly HostSettings settings;
    private readonly ILoggingAdapter log = Context.GetLogger();

    public NetworkHost(HostSettings settings)
    {
        this.settings = settings;
        Receive<AttachInterface>(a => Start(a.Name, a.Props));
        Receive<Attach>(a => Start(a.Name, a.Props));
        Receive<Terminated>(t => log.Info("{Host}: {Child} stopped", settings.Name, t.ActorRef.Path.Name));
    }

    public static Props Props(HostSettings settings) => ActorProps.Create(() => new NetworkHost(settings));

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(settings.MaxRestarts, settings.RestartWindow, cause =>
        {
            if (cause is LinkFailedException failed)
            {
                log.Error(cause, "{Host}: {Link} failed, stopping its interface", settings.Name, failed.Link);
                return Directive.Stop;
            }
            log.Warning(cause, "{Host}: restarting a child after {Error}", settings.Name, cause.Message);
            return Directive.Restart;
        });

    private void Start(string name, Props props)
    {
        if (!Context.Child(name).Equals(ActorRefs.Nobody))
        {
            Sender.Tell(new AttachFailed(name, $"{settings.Name} already has {name}"), Self);
            return;
        }
        var child = Context.Watch(Context.ActorOf(props, name));
        Sender.Tell(new Attached(name, child), Self);
    }

    /// <summary>Start an interface actor (for instance <c>LinkReader.InterfaceProps</c>) as a child named <paramref name="Name"/>.</summary>
    public sealed record AttachInterface(string Name, Props Props);

    /// <summary>Start a service or observer (ARP, ICMP, dumper, crtest) as a child named <paramref name="Name"/>.</summary>
    public sealed record Attach(string Name, Props Props);

    public sealed record Attached(string Name, IActorRef Actor);

    public sealed record AttachFailed(string Name, string Reason);
}
