using Enet.Configuration;
using FsCheck;
using Config = FsCheck.Config;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Configuration;

/// <summary>Random HOCON-shaped input either parses or fails with a <see cref="ConfigException"/> — never another exception.</summary>
public class HoconFuzzTests
{
    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ",", ":", "=", "+=", "\n", " ", "a", "b.c", "\"q\"", "\"\"", "${a}", "${?b}", "${a.b}",
        "1", "2.5", "-3", "true", "null", "include \"nothere\"", "include required(\"nothere\")", "\"\"\"t\"\"\"",
        "# c\n", "// c\n", ".", "5s", "64k", "$", "?", "\\", "\t", "\u2003",
    ];

    [Fact]
    public void Random_token_soup_parses_or_fails_with_a_config_exception()
    {
        var soup = Gen.ListOf(Gen.Elements(Fragments)).Select(parts => string.Concat(parts));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(soup.ToArbitrary(), text =>
        {
            try
            {
                ConfigurationFactory.ParseString(text, useEnvironment: false);
            }
            catch (ConfigException)
            {
            }
        }));
    }

    [Fact]
    public void Any_string_round_trips_through_a_quoted_value()
    {
        Check.QuickThrowOnFailure(Prop.ForAll<string>(value =>
        {
            var text = value ?? "";
            var quoted = System.Text.Json.JsonSerializer.Serialize(text);
            return ConfigurationFactory.ParseString("a = " + quoted, useEnvironment: false).GetString("a") == text;
        }));
    }
}
