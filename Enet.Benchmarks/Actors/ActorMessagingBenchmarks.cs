using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Akka.Actor;

namespace Enet.Benchmarks.Actors;

/// <summary>
/// Actor messaging against the same pattern on bare channels (the baseline). Each operation is one message,
/// so Mean is time per message and Allocated is bytes per message; the message object is preallocated.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ActorMessagingBenchmarks
{
    private const int Messages = 100_000;
    private static readonly object Message = new();
    private ActorSystem _system = null!;
    private IActorRef _sink = null!;
    private IActorRef _pinger = null!;
    private SinkCompletion _sinkCompletion = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = BenchmarkSystem.Create("bench");
        _sinkCompletion = new SinkCompletion(Messages);
        _sink = _system.ActorOf(Props.Create(() => new Sink(_sinkCompletion)), "sink");
        var ponger = _system.ActorOf(Props.Create(() => new Ponger()), "ponger");
        _pinger = _system.ActorOf(Props.Create(() => new Pinger(ponger)), "pinger");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    [BenchmarkCategory("OneWay")]
    public async Task OneWay_Channel()
    {
        var channel = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var consumer = Task.Run(async () =>
        {
            var received = 0;
            while (received < Messages && await channel.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (received < Messages && channel.Reader.TryRead(out _))
                {
                    received++;
                }
            }
        });
        for (var i = 0; i < Messages; i++)
        {
            channel.Writer.TryWrite(Message);
        }

        await consumer.ConfigureAwait(false);
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory("OneWay")]
    public void OneWay_Actor()
    {
        _sinkCompletion.Reset();
        for (var i = 0; i < Messages; i++)
        {
            _sink.Tell(Message, ActorRefs.NoSender);
        }

        _sinkCompletion.Wait();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    [BenchmarkCategory("PingPong")]
    public async Task PingPong_Channel()
    {
        var ping = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var pong = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var ponger = Task.Run(async () =>
        {
            for (var i = 0; i < Messages / 2; i++)
            {
                pong.Writer.TryWrite(await ping.Reader.ReadAsync().ConfigureAwait(false));
            }
        });
        for (var i = 0; i < Messages / 2; i++)
        {
            ping.Writer.TryWrite(Message);
            await pong.Reader.ReadAsync().ConfigureAwait(false);
        }

        await ponger.ConfigureAwait(false);
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory("PingPong")]
    public Task PingPong_Actor()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pinger.Tell(new Pinger.Start(Messages / 2, done), ActorRefs.NoSender);
        return done.Task;
    }

    /// <summary>Lets the benchmark thread wait until the sink has counted a whole batch.</summary>
    private sealed class SinkCompletion(int target)
    {
        private readonly ManualResetEventSlim _done = new();

        public int Target { get; } = target;

        public void Reset() => _done.Reset();

        public void Set() => _done.Set();

        public void Wait() => _done.Wait();
    }

    private sealed class Sink : UntypedActor
    {
        private readonly SinkCompletion _completion;
        private int _received;

        public Sink(SinkCompletion completion) => _completion = completion;

        protected override void OnReceive(object message)
        {
            if (++_received == _completion.Target)
            {
                _received = 0;
                _completion.Set();
            }
        }
    }

    private sealed class Ponger : UntypedActor
    {
        protected override void OnReceive(object message) => Sender.Tell(message, Self);
    }

    private sealed class Pinger(IActorRef ponger) : UntypedActor
    {
        private int _remaining;
        private TaskCompletionSource? _done;

        protected override void OnReceive(object message)
        {
            if (message is Start start)
            {
                _remaining = start.RoundTrips;
                _done = start.Done;
                ponger.Tell(Message, Self);
            }
            else if (--_remaining > 0)
            {
                ponger.Tell(message, Self);
            }
            else
            {
                _done!.SetResult();
            }
        }

        public sealed record Start(int RoundTrips, TaskCompletionSource Done);
    }
}
