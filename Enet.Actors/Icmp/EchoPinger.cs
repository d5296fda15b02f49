using Akka.Actor;

namespace Enet.Actors.Icmp;

/// <summary>
/// One ping, for either ICMP: sends the echo requests on a timer, matches replies by sequence number, and reports
/// once every request is answered or the timeout after the last one passes. Its two phases are its behaviours;
/// the family's subclass says how a request is sent, which message carries a reply, and what the result is.
/// </summary>
internal abstract class EchoPinger<TAddress> : ReceiveActor, IWithTimers where TAddress : struct, IEquatable<TAddress>
{
    public ITimerScheduler Timers { get; set; } = null!;

    private readonly TAddress address;
    private readonly int count;
    private readonly ushort identifier;
    private readonly IActorRef requester;
    private readonly TimeSpan interval;
    private readonly TimeSpan timeout;
    private readonly bool reportReplies;
    private readonly byte[] payload;
    private readonly Dictionary<ushort, DateTimeOffset> outstanding = [];
    private readonly List<(ushort Sequence, TimeSpan RoundTrip, byte HopLimit)> replies = [];
    private ushort sent;

    protected EchoPinger(TAddress address, int count, int payloadLength, TimeSpan interval, TimeSpan timeout, ushort identifier,
        IActorRef requester, bool reportReplies)
    {
        this.reportReplies = reportReplies;
        this.address = address;
        this.count = count;
        this.identifier = identifier;
        this.requester = requester;
        this.interval = interval;
        this.timeout = timeout;
        // The pattern Linux ping uses after its timestamp: byte i holds i, so a mangled echo is easy to spot.
        payload = Enumerable.Range(0, Math.Max(0, payloadLength)).Select(i => (byte)i).ToArray();
        Sending();
    }

    /// <summary>Sends one echo request to <paramref name="to"/>.</summary>
    protected abstract void SendRequest(TAddress to, ushort identifier, ushort sequence, byte[] data);

    /// <summary>Registers the handler of the family's echo-reply message, which calls <see cref="OnReply"/>; runs in
    /// each behaviour, and touches no field of the subclass.</summary>
    protected abstract void ReceiveReplies();

    /// <summary>The family's message for one reply, told as it comes when the requester asked for them.</summary>
    protected abstract object Reply(ushort sequence, TimeSpan roundTrip, byte hopLimit);

    /// <summary>The family's result message.</summary>
    protected abstract object Result(TAddress to, int transmitted, IEnumerable<(ushort Sequence, TimeSpan RoundTrip, byte HopLimit)> replies);

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart()
    {
        if (reportReplies)
            requester.Tell(new Icmp.PingStarted(identifier), Self);
        SendNext();
    }

    private void Sending()
    {
        ReceiveReplies();
        Receive<Tick>(_ => SendNext());
        Receive<Icmp.StopPing>(_ => Finish());
    }

    private void Waiting()
    {
        ReceiveReplies();
        Receive<Tick>(_ => Finish());
        Receive<Icmp.StopPing>(_ => Finish());
    }

    private void SendNext()
    {
        var sequence = ++sent;
        outstanding[sequence] = Now;
        if (sent < count)
            Timers.StartSingleTimer(Tick.Instance, Tick.Instance, interval);
        else
        {
            Timers.StartSingleTimer(Tick.Instance, Tick.Instance, timeout);
            Become(Waiting);
        }
        SendRequest(address, identifier, sequence, payload);
    }

    /// <summary>RFC 792, RFC 4443 4.2: a reply must carry our data unmodified; a duplicate or a stranger's is ignored.</summary>
    protected void OnReply(TAddress from, ushort sequence, byte hopLimit, ReadOnlySpan<byte> data)
    {
        if (!from.Equals(address) || !data.SequenceEqual(payload) || !outstanding.Remove(sequence, out var sentAt))
            return;
        replies.Add((sequence, Now - sentAt, hopLimit));
        if (reportReplies)
            requester.Tell(Reply(sequence, Now - sentAt, hopLimit), Self);
        if (sent == count && outstanding.Count == 0)
            Finish();
    }

    private void Finish()
    {
        requester.Tell(Result(address, sent, replies.OrderBy(r => r.Sequence)), Context.Parent);
        Context.Stop(Self);
    }

    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }
}
