using Akka.Actor;
using Enet.Actors;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.TestKit;

/// <summary>
/// Virtual time under contention: many actors start timers on their own threads while the test thread moves the
/// clock. Every timer an actor starts must fire exactly once, whatever the interleaving.
/// </summary>
public sealed class VirtualTimeContentionTests() : EnetTestKit(useVirtualTime: true)
{
    private const int Chains = 32;
    private const int Links = 8;

    [Fact]
    public void No_timer_is_lost_while_actors_schedule_and_the_test_thread_advances()
    {
        for (var round = 0; round < 100; round++)
        {
            var chains = Enumerable.Range(0, Chains)
                .Select(_ => Sys.ActorOf(ActorProps.Create(() => new Chain(Links))))
                .ToList();
            foreach (var chain in chains)
                chain.Tell(Chain.Start.Instance);
            // Racing: the actors reschedule (1 ms ahead, or at once) on their threads while the clock moves in 1 ms
            // steps, straight on the scheduler, without the kit's wait for the actors to go idle.
            for (var step = 0; step < Links; step++)
                VirtualTime.Advance(TimeSpan.FromMilliseconds(1));
            // Settling: the kit's Advance lets the actors start their next timer before each one fires, so every
            // chain runs to its end; one whose timer was lost stays short.
            Advance(TimeSpan.FromMilliseconds(2 * Links));
            Assert.All(Counts(chains), count => Assert.Equal(Links, count));
            foreach (var chain in chains)
                Sys.Stop(chain);
        }
    }

    [Fact]
    public void Advance_waits_for_actors_to_start_the_timers_they_were_told_to()
    {
        var chains = Enumerable.Range(0, Chains).Select(_ => Sys.ActorOf(ActorProps.Create(() => new Chain(Links)))).ToList();
        foreach (var chain in chains)
            chain.Tell(Chain.Start.Instance);
        Advance(TimeSpan.FromMilliseconds(Links));
        Assert.All(Counts(chains), count => Assert.Equal(Links, count));
    }

    private static int[] Counts(IEnumerable<IActorRef> chains) =>
        [.. chains.Select(c => c.Ask<int>(Chain.Count.Instance, TimeSpan.FromSeconds(10)).Result)];

    /// <summary>A chain of one-shot timers: each tick schedules the next, 1 ms on or at once, until <c>links</c> have fired.</summary>
    private sealed class Chain : ReceiveActor, IWithTimers
    {
        private int ticks;

        public Chain(int links)
        {
            Receive<Start>(_ => Next());
            Receive<Tick>(_ =>
            {
                if (++ticks < links)
                    Next();
            });
            Receive<Count>(_ => Sender.Tell(ticks));
        }

        public ITimerScheduler Timers { get; set; } = null!;

        // Every other link is due at once: a timer due at the instant the clock is firing.
        private void Next() => Timers.StartSingleTimer("tick", Tick.Instance, TimeSpan.FromMilliseconds(ticks % 2));

        public sealed class Start
        {
            public static readonly Start Instance = new();
        }

        public sealed class Tick
        {
            public static readonly Tick Instance = new();
        }

        public sealed class Count
        {
            public static readonly Count Instance = new();
        }
    }
}
