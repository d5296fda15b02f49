using Enet.Configuration;
using Serilog.Events;
using Xunit;

namespace Enet.Tests.Configuration;

/// <summary>Serilog from <c>enet.log</c>: level names, sinks, and clear errors for unknown ones.</summary>
public class SerilogConfigurationTests
{
    private static Config WithLog(string log) =>
        ConfigurationFactory.ParseString("enet.log { " + log + " }").WithFallback(ConfigurationFactory.Default());

    [Theory]
    [InlineData("verbose", LogEventLevel.Verbose)]
    [InlineData("debug", LogEventLevel.Debug)]
    [InlineData("info", LogEventLevel.Information)]
    [InlineData("information", LogEventLevel.Information)]
    [InlineData("warning", LogEventLevel.Warning)]
    [InlineData("warn", LogEventLevel.Warning)]
    [InlineData("error", LogEventLevel.Error)]
    [InlineData("fatal", LogEventLevel.Fatal)]
    [InlineData("DEBUG", LogEventLevel.Debug)]
    public void Level_names_map_to_serilog_levels(string name, LogEventLevel level) =>
        Assert.Equal(level, SerilogConfiguration.MinimumLevel(WithLog($"level = {name}")));

    [Fact]
    public void Reference_default_level_is_information() =>
        Assert.Equal(LogEventLevel.Information, SerilogConfiguration.MinimumLevel(ConfigurationFactory.Default()));

    [Fact]
    public void Unknown_level_is_a_config_error_at_the_setting()
    {
        var error = Assert.Throws<ConfigException>(() => SerilogConfiguration.MinimumLevel(WithLog("level = loud")));
        Assert.Contains("loud", error.Reason);
        Assert.Equal("string", error.File);
    }

    [Fact]
    public void Logger_honours_the_minimum_level()
    {
        using var logger = SerilogConfiguration.CreateLogger(WithLog("level = warning, sinks = []"));
        Assert.False(logger.IsEnabled(LogEventLevel.Information));
        Assert.True(logger.IsEnabled(LogEventLevel.Warning));
    }

    [Fact]
    public void File_sink_writes_to_the_configured_path()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "enet.log");
        var config = WithLog($"sinks = [file], file.path = {System.Text.Json.JsonSerializer.Serialize(path)}");
        using (var logger = SerilogConfiguration.CreateLogger(config))
            logger.Information("hello {Who}", "enet");
        Assert.Contains("hello", File.ReadAllText(path));
    }

    [Fact]
    public void Unknown_sink_is_a_config_error()
    {
        var error = Assert.Throws<ConfigException>(() => SerilogConfiguration.CreateLogger(WithLog("sinks = [console, syslog]")));
        Assert.Contains("syslog", error.Reason);
    }
}
