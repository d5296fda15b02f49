using Enet.Configuration;
using Xunit;

namespace Enet.Tests.Configuration;

/// <summary>HOCON.md "Substitution fallback to environment variables". Each test uses its own variable names.</summary>
public class EnvironmentSubstitutionTests
{
    private static string SetVariable(string value)
    {
        var name = "ENET_TEST_" + Guid.NewGuid().ToString("N").ToUpperInvariant();
        Environment.SetEnvironmentVariable(name, value);
        return name;
    }

    [Fact]
    public void Optional_substitution_falls_back_to_an_environment_variable()
    {
        var name = SetVariable("from-env");
        Assert.Equal("from-env", ConfigurationFactory.ParseString($"a = default\na = ${{?{name}}}").GetString("a"));
    }

    [Fact]
    public void Required_substitution_also_falls_back_to_an_environment_variable()
    {
        var name = SetVariable("42");
        var config = ConfigurationFactory.ParseString($"a = ${{{name}}}");
        Assert.Equal(ConfigValueType.String, config.GetValue("a").Type);
        Assert.Equal(42, config.GetInt("a"));
    }

    [Fact]
    public void Unset_variable_keeps_the_earlier_value() =>
        Assert.Equal("default", ConfigurationFactory.ParseString("a = default\na = ${?ENET_TEST_SURELY_UNSET_123}").GetString("a"));

    [Fact]
    public void Configuration_values_win_over_the_environment_even_null()
    {
        var name = SetVariable("from-env");
        var config = ConfigurationFactory.ParseString($"{name} = from-config\na = ${{{name}}}\nn = ${{?{name}-null}}");
        Assert.Equal("from-config", config.GetString("a"));
        var nulled = ConfigurationFactory.ParseString($"{name} = null\na = ${{?{name}}}");
        Assert.Equal(ConfigValueType.Null, nulled.GetValue("a").Type);
    }

    [Fact]
    public void Self_reference_with_nothing_below_reads_the_environment()
    {
        var name = SetVariable("/bin");
        Assert.Equal("/bin:/opt/enet", ConfigurationFactory.ParseString($"{name} = ${{{name}}}\":/opt/enet\"").GetString(name));
    }

    [Fact]
    public void Environment_fallback_can_be_turned_off()
    {
        var name = SetVariable("from-env");
        Assert.False(ConfigurationFactory.ParseString($"a = ${{?{name}}}", useEnvironment: false).HasPath("a"));
    }
}
