using Enet.Runtime.Actor;
using Enet.Runtime.Event;
using Serilog;
using Serilog.Core;
using Xunit;

namespace Enet.Tests.Runtime;

using TestKit = Enet.TestKit.TestKit;

public sealed class LoggingTests
{
    [Fact]
    public void Actor_logs_reach_serilog_with_the_actor_path_and_the_event_stream()
    {
        var sink = new CollectingSink();
        var settings = ActorSystemSettings.Default with { Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger() };
        using var kit = new TestKit(settings);
        var actor = kit.Sys.ActorOf(Props.Create(() => new Chatty()), "chatty");
        kit.EventFilter.Info(message: "hello \"world\" 42").ExpectOne(() => actor.Tell("go"));
        var logged = Assert.Single(sink.Events);
        Assert.Equal("\"enet://test/user/chatty\"", logged.Properties["ActorPath"].ToString());
        Assert.Equal("hello {Name} {Number}", logged.MessageTemplate.Text);
    }

    [Fact]
    public void Levels_below_the_configured_minimum_are_dropped()
    {
        using var kit = new TestKit(ActorSystemSettings.Default with { LogLevel = LogLevel.WarningLevel });
        var actor = kit.Sys.ActorOf(Props.Create(() => new Chatty()), "chatty");
        kit.EventFilter.Warning(contains: "careful").ExpectOne(() => actor.Tell("go"));
        kit.EventFilter.Info().Expect(0, () => actor.Tell("go"));
    }

    private sealed class Chatty : ReceiveActor
    {
        public Chatty()
        {
            var log = Context.GetLogger();
            Receive<string>(_ =>
            {
                log.Info("hello {Name} {Number}", "world", 42);
                log.Warning("careful");
            });
        }
    }

    private sealed class CollectingSink : ILogEventSink
    {
        private readonly List<Serilog.Events.LogEvent> _events = [];

        public IReadOnlyList<Serilog.Events.LogEvent> Events
        {
            get
            {
                lock (_events)
                {
                    return _events.Where(e => e.Level == Serilog.Events.LogEventLevel.Information).ToList();
                }
            }
        }

        public void Emit(Serilog.Events.LogEvent logEvent)
        {
            lock (_events)
            {
                _events.Add(logEvent);
            }
        }
    }
}
