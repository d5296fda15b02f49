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
// Akka.Logger.Serilog writes to Serilog's process-wide Log.Logger: the tests that set it run one at a time.
[Collection("Serilog Log.Logger")]
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
        await system.Terminate();
        var said = Assert.Single(sink.Events, e => e.MessageTemplate.Text == "said {Words}");
        Assert.Equal("\"last words\"", said.Properties["Words"].ToString());
        Assert.Equal(LogEventLevel.Information, said.Level);
        Assert.Contains("akka://logging/user/talker", said.Properties["ActorPath"].ToString());
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

    private sealed class Collected : ILogEventSink
    {
        private readonly List<Serilog.Events.LogEvent> events = [];

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
            lock (events)
                events.Add(logEvent);
        }
    }
}
