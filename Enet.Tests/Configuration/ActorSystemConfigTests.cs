using Akka.Event;
using Enet.Configuration;
using Xunit;

namespace Enet.Tests.Configuration;

/// <summary>Enet's reader is Akka's front door: its resolved tree, not HOCON text, becomes the system's settings.</summary>
[Collection(SerilogLoggerCollection.Name)]
public class ActorSystemConfigTests
{
    [Fact]
    public void A_file_with_include_substitutions_env_and_overrides_sets_Akka_settings_as_written()
    {
        using var dir = new TempDirectory();
        dir.Write("base.conf", "enet.actor { throughput = 5, ask-timeout = 2s }\nenet.scheduler.tick = 20ms");
        dir.Write("app.conf", """
            include file("base.conf")
            slow = 250ms
            enet.actor.ask-timeout = ${slow}
            enet.actor.throughput = 7
            enet.log.level = ${?ENET_TEST_UNSET_LEVEL}
            enet.log.level = warning
            enet.scheduler.tick = ${?ENET_TEST_TICK}
            after = { survives = on }
            """);
        Environment.SetEnvironmentVariable("ENET_TEST_TICK", "30ms");
        try
        {
            using var system = EnetActorSystem.Create("configured", ConfigurationFactory.ParseFile(Path.Combine(dir.Path, "app.conf")));
            Assert.Equal(7, system.Settings.Config.GetInt("akka.actor.default-dispatcher.throughput"));
            Assert.Equal("thread-pool-executor", system.Settings.Config.GetString("akka.actor.default-dispatcher.executor"));
            Assert.Equal(TimeSpan.FromMilliseconds(250), system.Settings.AskTimeout);
            Assert.Equal(LogLevel.WarningLevel, system.EventStream.LogLevel);
            Assert.Equal(TimeSpan.FromMilliseconds(30), system.Settings.Config.GetTimeSpan("akka.scheduler.tick-duration"));
            // Akka's own parser would have moved the keys after ${?VAR} to the root and lost the next object.
            Assert.True(system.Settings.Config.GetBoolean("after.survives"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("ENET_TEST_TICK", null);
        }
    }

    [Fact]
    public void Keys_set_under_akka_win_over_the_ones_mapped_from_enet()
    {
        var config = ConfigurationFactory.ParseString("enet.actor.ask-timeout = 1s\nakka.actor.ask-timeout = 3s\nakka.actor.debug.receive = on");
        var akka = AkkaConfig.From(config);
        Assert.Equal(TimeSpan.FromSeconds(3), akka.GetTimeSpan("akka.actor.ask-timeout"));
        Assert.True(akka.GetBoolean("akka.actor.debug.receive"));
        Assert.Equal(["Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog"], akka.GetStringList("akka.loggers"));
        Assert.Equal("OFF", akka.GetString("akka.stdout-loglevel"));
    }
}
