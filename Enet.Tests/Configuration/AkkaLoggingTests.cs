using Akka.Actor;
using Akka.Event;

using Enet.Actors;
using Enet.Configuration;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Xunit;

namespace Enet.Tests.Configuration;

/// <summary>Actor logging goes through Akka.Logger.Serilog to the logger Enet sets up, with the actor path, and the
/// last events before termination are written.</summary>
[Collection(SerilogLoggerCollection.Name)]
public sealed class AkkaLoggingTests
{
    [Fact]
    public async Task An_actor_event_logged_just_before_termination_reaches_the_sink_with_the_actor_path()
    {
        var sink = new Collected();
        using var logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(sink).CreateLogger();
        var system = EnetActorSystem.Create("logging", ConfigurationFactory.ParseString("enet.log.level = debug"), logger);
        var actor = system.ActorOf(ActorProps.Create(() => new Talker()), "talker");
        // The actor has logged once it answers; the event may still be on its way to the logger when termination starts.
        await actor.Ask<string>("last words", TimeSpan.FromSeconds(5));
        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        var said = Assert.Single(sink.Events, e => e.MessageTemplate.Text == "said {Words}");
        Assert.Equal("\"last words\"", said.Properties["Words"].ToString());
        Assert.Equal(LogEventLevel.Information, said.Level);
        Assert.Contains("akka://logging/user/talker", said.Properties["ActorPath"].ToString());
    }

    [Fact]
    public async Task Every_event_an_actor_logged_before_termination_is_written_not_only_the_ones_the_logger_got_to()
    {
        // A slow sink (a file on a busy disk, say) kept a burst queued in the logger's mailbox when the stop came.
        // The replies to the Tells go to dead letters, whose listener logs on another thread beside the burst.
        const int Events = 200;
        var sink = new Collected(TimeSpan.FromMilliseconds(2));
        using var logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(sink).CreateLogger();
        var system = EnetActorSystem.Create("burst", ConfigurationFactory.ParseString("enet.log.level = info"), logger);
        var actor = system.ActorOf(ActorProps.Create(() => new Talker()), "talker");
        for (var i = 0; i < Events - 1; i++)
            actor.Tell($"word {i}");
        await actor.Ask<string>("last", TimeSpan.FromSeconds(5));
        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Events, sink.Events.Count(e => e.MessageTemplate.Text == "said {Words}"));
    }

    [Fact]
    public async Task An_event_logged_while_the_logger_writes_another_threads_event_is_written_before_termination()
    {
        // Akka stops its loggers with a system message, which overtakes events still queued in a logger's mailbox.
        // One thread's event is held in a slow sink; another thread logs meanwhile, and termination starts once that
        // second log call has returned: the second event must be written too, not left queued behind the first.
        var sink = new Collected();
        using var logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(sink).CreateLogger();
        var system = EnetActorSystem.Create("overtaken", ConfigurationFactory.ParseString("enet.log.level = info"), logger);
        var first = Task.Run(() => system.Log.Info("held"));
        Assert.True(sink.Holding.Wait(TimeSpan.FromSeconds(10)), "the first event reached the sink");
        var second = Task.Run(() => system.Log.Info("behind it"));
        var terminated = second.ContinueWith(_ => system.Terminate()).Unwrap();
        // The sink is released once termination completes or after a second: by then the old dispatcher had
        // returned from the second log call and termination had told the logger to stop, a system message the
        // logger's turn handles before the queued event. Now the second log call waits for the first turn instead.
        await Task.WhenAny(terminated, Task.Delay(TimeSpan.FromSeconds(1)));
        sink.Release.Set();
        await Task.WhenAll(first, second, terminated).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains(sink.Events, e => e.MessageTemplate.Text == "held");
        Assert.Contains(sink.Events, e => e.MessageTemplate.Text == "behind it");
    }

    private sealed class Talker : ReceiveActor
    {
        public Talker()
        {
            var log = Context.GetLogger();
            Receive<string>(words =>
            {
                log.Info("said {Words}", words);
                Sender.Tell(words);
            });
        }
    }

    /// <summary>Keeps what it is given, each after <paramref name="delay"/>; holds a "held" event until released.</summary>
    private sealed class Collected(TimeSpan delay = default) : ILogEventSink
    {
        private readonly List<Serilog.Events.LogEvent> events = [];

        public ManualResetEventSlim Holding { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public IReadOnlyList<Serilog.Events.LogEvent> Events
        {
            get
            {
                lock (events)
                    return [.. events];
            }
        }

        public void Emit(Serilog.Events.LogEvent logEvent)
        {
            if (logEvent.MessageTemplate.Text == "held")
            {
                Holding.Set();
                Release.Wait();
            }

            if (delay > TimeSpan.Zero)
                Thread.Sleep(delay);

            lock (events)
                events.Add(logEvent);
        }
    }
}
