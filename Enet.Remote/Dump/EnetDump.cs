using Akka.Actor;
using Akka.Event;
using Enet.Actors;
using Enet.Actors.Hosting;
using Enet.Codecs.Frames;
using Enet.Remote.Etf;

namespace Enet.Remote.Dump;

/// <summary>
/// <c>enet_dump</c>, registered by <c>enet node</c>: lets an Erlang process watch the frames of an interface of the
/// hosts the node runs. The protocol, every answer going to Pid:
/// <list type="bullet">
/// <item><c>{subscribe, Pid, Iface, Filter}</c>: Iface names an interface (<c>eth0</c>, or <c>'h1/eth0'</c> when
/// several hosts have one of that name; atom, string or binary), Filter is <c>all</c> or a list of protocol atoms
/// (arp, ipv4, ipv6, icmp, icmpv6, tcp, udp: a frame passes when it carries any). Answer <c>{enet_dump, ok}</c>, then
/// every matching frame, both directions, as <c>{enet_frame, Iface, Timestamp, Frame}</c> (Iface as given,
/// Timestamp in microseconds since the Unix epoch as erlang:system_time(microsecond), Frame a map of the decoded
/// layers, see <see cref="FrameTerm"/>, with <c>direction => received | sent</c>). Subscribing again to the same
/// interface replaces the filter.</item>
/// <item><c>{unsubscribe, Pid, Iface}</c>: answer <c>{enet_dump, ok}</c>, no more frames from that interface.</item>
/// <item><c>{stats, Pid}</c>: answer <c>{enet_dump, [{Iface, Sent, Dropped}]}</c> for Pid's subscriptions.</item>
/// </list>
/// A malformed request answers <c>{enet_dump, {error, badarg}}</c> (or no_such_interface); one without a pid is
/// counted and dropped. A subscriber is monitored: when it exits, its subscriptions end. Each subscription is
/// bounded: a subscriber whose frames cannot be sent as fast as the interface moves them loses frames, counted in
/// Dropped, and never slows the stack.
/// </summary>
public sealed class EnetDump : ReceiveActor
{
    private static readonly ErlAtom Reply = new("enet_dump");
    private static readonly ErlAtom Subscribe = new("subscribe");
    private static readonly ErlAtom Unsubscribe = new("unsubscribe");
    private static readonly ErlAtom Stats = new("stats");
    private static readonly ErlAtom All = new("all");

    private readonly NetKernel kernel;
    private readonly int capacity;
    private readonly Dictionary<string, IActorRef> interfaces;
    private readonly Dictionary<(ErlPid Pid, string Iface), Subscription> subscriptions = [];
    private readonly ILoggingAdapter log = Context.GetLogger();
    private long malformed;

    public EnetDump(NetKernel kernel, IReadOnlyList<RunningHost> hosts, int capacity)
    {
        this.kernel = kernel;
        this.capacity = capacity;
        interfaces = Interfaces(hosts);
        Receive<ErlTuple>(t => t is { Arity: 4 } && t[0].Equals(Subscribe) && t[1] is ErlPid, t => OnSubscribe((ErlPid)t[1], t[2], t[3]));
        Receive<ErlTuple>(t => t is { Arity: 3 } && t[0].Equals(Unsubscribe) && t[1] is ErlPid, t => OnUnsubscribe((ErlPid)t[1], t[2]));
        Receive<ErlTuple>(t => t is { Arity: 2 } && t[0].Equals(Stats) && t[1] is ErlPid, t => OnStats((ErlPid)t[1]));
        Receive<ErlTuple>(t => t.Arity >= 2 && t[1] is ErlPid, t => Answer((ErlPid)t[1], Error("badarg")));
        Receive<Terminated>(t =>
        {
            foreach (var key in subscriptions.Where(s => s.Value.Actor.Equals(t.ActorRef)).Select(s => s.Key).ToList())
                subscriptions.Remove(key);
        });
        ReceiveAny(message =>
        {
            malformed++;
            log.Debug("enet_dump: dropped {Message} (no pid to answer; {Count} so far)", message, malformed);
        });
    }

    /// <param name="capacity">Frames queued for one subscription before further frames to it are dropped.</param>
    public static Props Props(NetKernel kernel, IReadOnlyList<RunningHost> hosts, int capacity = 256) =>
        ActorProps.Create(() => new EnetDump(kernel, hosts, capacity));

    private void OnSubscribe(ErlPid pid, Term ifaceName, Term filterTerm)
    {
        if (Name(ifaceName) is not { } name || Filter(filterTerm) is not { } filter)
        {
            Answer(pid, Error("badarg"));
            return;
        }
        if (!interfaces.TryGetValue(name, out var iface))
        {
            Answer(pid, Error("no_such_interface"));
            return;
        }
        if (subscriptions.Remove((pid, name), out var old))
            Context.Stop(old.Actor);
        var counters = new DumpCounters();
        var actor = Context.ActorOf(DumpSubscriber.Props(kernel, kernel.Remote(pid), iface, ifaceName, filter, capacity, counters));
        Context.Watch(actor);
        subscriptions[(pid, name)] = new Subscription(actor, ifaceName, counters);
    }

    private void OnUnsubscribe(ErlPid pid, Term ifaceName)
    {
        if (Name(ifaceName) is { } name && subscriptions.Remove((pid, name), out var subscription))
            Context.Stop(subscription.Actor);
        Answer(pid, ErlAtom.Ok);
    }

    private void OnStats(ErlPid pid) =>
        Answer(pid, new ErlList([.. subscriptions.Where(s => s.Key.Pid.Equals(pid))
            .Select(s => (Term)new ErlTuple(s.Value.Name, s.Value.Counters.Sent, s.Value.Counters.Dropped))]));

    private void Answer(ErlPid pid, Term answer) => kernel.Remote(pid).Tell(new ErlTuple(Reply, answer), Self);

    private static ErlTuple Error(string reason) => new(new ErlAtom("error"), new ErlAtom(reason));

    /// <summary>An interface name as an atom, a string (list) or a binary.</summary>
    private static string? Name(Term term) => term switch
    {
        ErlAtom atom => atom.Name,
        ErlList list => list.AsString(),
        ErlBinary { IsBitstring: false } binary => System.Text.Encoding.UTF8.GetString(binary.Bytes.Span),
        _ => null,
    };

    /// <summary><c>all</c> (no test) or a list of protocol atoms <see cref="FrameLayers.ByName"/> knows; null when malformed.</summary>
    private static IReadOnlyList<Func<Frame, bool>>? Filter(Term term)
    {
        if (term.Equals(All))
            return [];
        if (term is not ErlList { IsProper: true } list)
            return null;
        var tests = new List<Func<Frame, bool>>();
        foreach (var element in list.Elements)
        {
            if (element is not ErlAtom atom || !FrameLayers.ByName.TryGetValue(atom.Name, out var test))
                return null;
            tests.Add(test);
        }
        return tests;
    }

    /// <summary>Every interface by HOST/IFACE, and by IFACE alone where no other host has one of that name.</summary>
    private static Dictionary<string, IActorRef> Interfaces(IReadOnlyList<RunningHost> hosts)
    {
        var all = hosts.SelectMany(h => h.Interfaces.Values.Select(s => (Host: h.Settings.Name, Iface: s.Settings.Name, Actor: s.Interface))).ToList();
        var byName = all.ToDictionary(i => $"{i.Host}/{i.Iface}", i => i.Actor);
        foreach (var unique in all.GroupBy(i => i.Iface).Where(g => g.Count() == 1))
            byName.TryAdd(unique.Key, unique.Single().Actor);
        return byName;
    }

    private sealed record Subscription(IActorRef Actor, Term Name, DumpCounters Counters);
}
