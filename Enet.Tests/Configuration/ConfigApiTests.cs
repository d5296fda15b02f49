using Enet.Configuration;
using Xunit;

namespace Enet.Tests.Configuration;

/// <summary>The <see cref="Config"/> facade, the factory and the built-in reference.conf.</summary>
public class ConfigApiTests
{
    [Fact]
    public void Reference_conf_holds_every_enet_default()
    {
        var config = ConfigurationFactory.Default();
        Assert.Equal("info", config.GetString("enet.log.level"));
        Assert.Equal(["console"], config.GetStringList("enet.log.sinks"));
        Assert.True(config.HasPath("enet.log.file.path"));
        Assert.Equal(30, config.GetInt("enet.actor.throughput"));
        Assert.Equal(TimeSpan.FromSeconds(5), config.GetDuration("enet.actor.ask-timeout"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), config.GetDuration("enet.scheduler.tick"));
        Assert.Equal(512, config.GetInt("enet.scheduler.wheel-size"));
        Assert.Equal(1024, config.GetInt("enet.arp.max-entries"));
        Assert.Equal(TimeSpan.FromSeconds(60), config.GetDuration("enet.arp.entry-ttl"));
        Assert.Equal(3, config.GetInt("enet.arp.retries"));
        Assert.Equal(TimeSpan.FromSeconds(1), config.GetDuration("enet.arp.retry-interval"));
        Assert.Equal(16, config.GetInt("enet.arp.max-pending-per-address"));
        Assert.Equal(64, config.GetInt("enet.ip.ttl"));
        Assert.Equal(TimeSpan.FromSeconds(60), config.GetDuration("enet.ip.reassembly.timeout"));
        Assert.Equal(65535, config.GetBytes("enet.ip.reassembly.max-bytes-per-datagram"));
        Assert.Equal(4L << 20, config.GetBytes("enet.ip.reassembly.max-bytes"));
        Assert.Equal(1000, config.GetInt("enet.ip.icmp-errors.rate"));
        Assert.Equal(50, config.GetInt("enet.ip.icmp-errors.burst"));
        Assert.Equal(1024, config.GetInt("enet.framebus.subscriber-queue"));
        Assert.True(config.GetConfig("enet.hosts").IsEmpty);
    }

    [Fact]
    public void Load_puts_application_conf_over_reference_and_resolves_them_together()
    {
        using var dir = new TempDirectory();
        var app = dir.Write("application.conf", "enet.actor.throughput = 100\nenet.arp.retries = ${enet.scheduler.wheel-size}");
        var config = ConfigurationFactory.Load(app);
        Assert.Equal(100, config.GetInt("enet.actor.throughput"));
        Assert.Equal(512, config.GetInt("enet.arp.retries"));
        Assert.Equal("info", config.GetString("enet.log.level"));
    }

    [Fact]
    public void Load_without_application_conf_is_the_reference() =>
        Assert.Equal(30, ConfigurationFactory.Load(Path.Combine(Path.GetTempPath(), "enet-none", "application.conf")).GetInt("enet.actor.throughput"));

    [Fact]
    public void With_fallback_fills_gaps_and_merges_objects()
    {
        var config = ConfigurationFactory.ParseString("a { x = 1 }, b = 2").WithFallback(ConfigurationFactory.ParseString("a { x = 9, y = 3 }, c = 4"));
        Assert.Equal(1, config.GetInt("a.x"));
        Assert.Equal(3, config.GetInt("a.y"));
        Assert.Equal(2, config.GetInt("b"));
        Assert.Equal(4, config.GetInt("c"));
    }

    [Fact]
    public void Typed_getters_convert_as_the_spec_allows()
    {
        var config = ConfigurationFactory.ParseString("n = 42, s = \"42\", d = \"3.5\", b = on, t = true, big = 10000000000, frac = 1.5");
        Assert.Equal("42", config.GetString("n"));
        Assert.Equal(42, config.GetInt("s"));
        Assert.Equal(3.5, config.GetDouble("d"));
        Assert.True(config.GetBoolean("b"));
        Assert.Equal("true", config.GetString("t"));
        Assert.Equal(10_000_000_000L, config.GetLong("big"));
        Assert.Throws<ConfigException>(() => config.GetInt("big"));
        Assert.Throws<ConfigException>(() => config.GetInt("frac"));
    }

    [Fact]
    public void Has_path_is_false_for_missing_and_null_and_is_empty_reports_no_fields()
    {
        var config = ConfigurationFactory.ParseString("a = null, b.c = 1");
        Assert.False(config.HasPath("a"));
        Assert.False(config.HasPath("x.y"));
        Assert.True(config.HasPath("b.c"));
        Assert.True(ConfigurationFactory.ParseString("").IsEmpty);
        Assert.False(config.IsEmpty);
    }

    [Fact]
    public void As_enumerable_lists_leaves_with_quoted_paths()
    {
        var config = ConfigurationFactory.ParseString("a { b = 1, \"c.d\" = [2] }, n = null");
        var leaves = config.AsEnumerable().ToDictionary(e => e.Key, e => e.Value.ToString());
        Assert.Equal(2, leaves.Count);
        Assert.Equal("1", leaves["a.b"]);
        Assert.True(leaves.ContainsKey("a.\"c.d\""));
    }

    [Fact]
    public void Get_config_list_and_root()
    {
        var config = ConfigurationFactory.ParseString("hosts = [ { name = a }, { name = b } ]");
        Assert.Equal(["a", "b"], config.GetConfigList("hosts").Select(h => h.GetString("name")));
        Assert.Equal(ConfigValueType.Object, config.Root.Type);
        Assert.Single(config.Root);
    }

    [Fact]
    public void Numerically_indexed_objects_read_as_lists_sorted_by_index()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("list.properties", "foo.2=c\nfoo.0=a\nfoo.x=ignored\nfoo.10=d\nfoo.1=b");
        Assert.Equal(["a", "b", "c", "d"], ConfigurationFactory.ParseFile(file).GetStringList("foo"));
        var concatenated = ConfigurationFactory.ParseString("o { \"0\" : 3 }\na = [1, 2] ${o}");
        Assert.Equal([1, 2, 3], concatenated.GetIntList("a"));
        Assert.Throws<ConfigException>(() => ConfigurationFactory.ParseString("a { x = 1 }").GetStringList("a"));
    }
}
