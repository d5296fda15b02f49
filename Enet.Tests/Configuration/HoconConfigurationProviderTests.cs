using Enet.Configuration;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Enet.Tests.Configuration;

/// <summary>HOCON through Microsoft.Extensions.Configuration: paths become <c>a:b:c</c>, arrays <c>a:0</c>.</summary>
public class HoconConfigurationProviderTests
{
    [Fact]
    public void Paths_become_colon_keys_and_array_elements_indexed_keys()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("app.conf", """
            enet.log { level = debug, sinks = [console, file] }
            enet.actor.ask-timeout = 5s
            enet.actor.throughput = 30
            flags { on = true, nothing = null }
            servers = [ { host = a, port = 1 }, { host = b, port = 2 } ]
            """);
        var configuration = new ConfigurationBuilder().AddHoconFile(file).Build();

        Assert.Equal("debug", configuration["enet:log:level"]);
        Assert.Equal("console", configuration["enet:log:sinks:0"]);
        Assert.Equal("file", configuration["enet:log:sinks:1"]);
        Assert.Equal("5s", configuration["enet:actor:ask-timeout"]);
        Assert.Equal("30", configuration["enet:actor:throughput"]);
        Assert.Equal("true", configuration["flags:on"]);
        Assert.Null(configuration["flags:nothing"]);
        Assert.Equal("b", configuration["servers:1:host"]);
        Assert.Equal(["console", "file"], configuration.GetSection("enet:log:sinks").GetChildren().Select(c => c.Value));
    }

    [Fact]
    public void Substitutions_are_resolved_before_flattening()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("app.conf", "base = 10\nderived = ${base}\nlist = [1]\nlist += 2");
        var configuration = new ConfigurationBuilder().AddHoconFile(file).Build();
        Assert.Equal("10", configuration["derived"]);
        Assert.Equal("2", configuration["list:1"]);
    }

    [Fact]
    public void Later_sources_override_earlier_ones_key_by_key()
    {
        using var dir = new TempDirectory();
        var first = dir.Write("a.conf", "x = 1\ny = 1");
        var second = dir.Write("b.conf", "y = 2");
        var configuration = new ConfigurationBuilder().AddHoconFile(first).AddHoconFile(second).Build();
        Assert.Equal("1", configuration["x"]);
        Assert.Equal("2", configuration["y"]);
    }

    [Fact]
    public void Missing_file_is_an_error_unless_optional()
    {
        var missing = Path.Combine(Path.GetTempPath(), "enet-no-such-" + Guid.NewGuid().ToString("N") + ".conf");
        Assert.Empty(new ConfigurationBuilder().AddHoconFile(missing, optional: true).Build().AsEnumerable());
        Assert.Throws<FileNotFoundException>(() => new ConfigurationBuilder().AddHoconFile(missing).Build());
    }

    [Fact]
    public void Broken_file_fails_the_build_with_its_location()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("bad.conf", "a {");
        var error = Assert.Throws<ConfigException>(() => new ConfigurationBuilder().AddHoconFile(file).Build());
        Assert.Equal(1, error.Line);
    }
}
