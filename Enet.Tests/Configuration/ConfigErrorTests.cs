using System.Text;
using Enet.Configuration;
using Xunit;

namespace Enet.Tests.Configuration;

/// <summary>Broken input fails with a <see cref="ConfigException"/> naming file, line and column — never a crash or a hang.</summary>
public class ConfigErrorTests
{
    private static ConfigException ParseError(string text) =>
        Assert.Throws<ConfigException>(() => ConfigurationFactory.ParseString(text, useEnvironment: false));

    [Fact]
    public void Unclosed_brace_names_the_end_of_the_file_and_where_it_was_opened()
    {
        var error = ParseError("a {\n  b = 1\n");
        Assert.Equal("string", error.File);
        Assert.Equal(3, error.Line);
        Assert.Equal(1, error.Column);
        Assert.Contains("line 1, column 3", error.Reason);
        Assert.StartsWith("string:3:1: ", error.Message);
    }

    [Fact]
    public void Closing_brace_without_an_opening_one_is_an_error() =>
        Assert.Equal(2, ParseError("a = 1\n}").Line);

    [Fact]
    public void Unclosed_bracket_is_an_error() => Assert.Contains("']'", ParseError("a = [1, 2").Reason);

    [Fact]
    public void Unclosed_quoted_string_is_an_error_at_its_opening_quote()
    {
        var error = ParseError("a = 1\nb = \"abc\nc = 2");
        Assert.Equal((2, 5), (error.Line, error.Column));
    }

    [Fact]
    public void Bad_substitution_syntax_is_an_error_at_the_substitution()
    {
        var error = ParseError("a = 1\nb = ${a");
        Assert.Equal((2, 5), (error.Line, error.Column));
        Assert.Contains("not closed", error.Reason);
        Assert.Throws<ConfigException>(() => ConfigurationFactory.ParseString("b = ${a..b}"));
        Assert.Throws<ConfigException>(() => ConfigurationFactory.ParseString("b = ${}"));
        Assert.Throws<ConfigException>(() => ConfigurationFactory.ParseString("b = $x"));
        Assert.Throws<ConfigException>(() => ConfigurationFactory.ParseString("${a} = 1"));
    }

    [Fact]
    public void Undefined_substitution_names_its_path_and_place()
    {
        var error = ParseError("x = 1\n  y = ${no.such.path}");
        Assert.Equal((2, 7), (error.Line, error.Column));
        Assert.Contains("${no.such.path}", error.Reason);
    }

    [Fact]
    public void Substitution_cycle_is_an_error_naming_the_chain()
    {
        var error = ParseError("a : ${b}\nb : ${c}\nc : ${a}");
        Assert.Contains("${b}", error.Message);
        Assert.Contains("${a}", error.Message);
        Assert.True(error.Line > 0);
    }

    [Fact]
    public void Missing_required_include_names_the_include_statement()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("main.conf", "a = 1\n  include required(\"missing.conf\")\n");
        var error = Assert.Throws<ConfigException>(() => ConfigurationFactory.ParseFile(main));
        Assert.Equal(main, error.File);
        Assert.Equal((2, 3), (error.Line, error.Column));
        Assert.Contains("missing.conf", error.Reason);
    }

    [Fact]
    public void Errors_inside_included_files_name_the_included_file()
    {
        using var dir = new TempDirectory();
        var inner = dir.Write("sub/inner.conf", "ok = 1\nbad = [\n");
        var main = dir.Write("main.conf", "include \"sub/inner.conf\"");
        var error = Assert.Throws<ConfigException>(() => ConfigurationFactory.ParseFile(main));
        Assert.Equal(Path.GetFullPath(inner), Path.GetFullPath(error.File!));
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Mutually_including_files_are_an_include_cycle()
    {
        using var dir = new TempDirectory();
        dir.Write("a.conf", "include \"b.conf\"");
        dir.Write("b.conf", "include \"a.conf\"");
        var error = Assert.Throws<ConfigException>(() => ConfigurationFactory.ParseFile(Path.Combine(dir.Path, "a.conf")));
        Assert.Contains("cycle", error.Reason);
    }

    [Theory]
    [InlineData("{ a : ", "}")]
    [InlineData("[", "]")]
    [InlineData("a {", "}")]
    public void Deep_nesting_fails_cleanly_at_the_depth_limit(string open, string close)
    {
        const int depth = 20_000;
        var text = "x = " + new StringBuilder().Insert(0, open, depth) + "1" + new StringBuilder().Insert(0, close, depth);
        var error = ParseError(text);
        Assert.Contains("nested more than", error.Reason);
    }

    [Fact]
    public void Long_substitution_chains_fail_cleanly_instead_of_overflowing_the_stack()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 50_000; i++)
            text.Append($"a{i} = ${{a{i + 1}}}\n");
        text.Append("a50000 = end\n");
        var error = ParseError(text.ToString());
        Assert.Contains("levels deep", error.Reason);
    }

    [Fact]
    public void Huge_flat_input_parses()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
            text.Append($"k{i} = {i}\n");
        var config = ConfigurationFactory.ParseString(text.ToString());
        Assert.Equal(19_999, config.GetInt("k19999"));
    }

    [Fact]
    public void Missing_path_names_the_path()
    {
        var config = ConfigurationFactory.ParseString("enet { log { level = info } }");
        var error = Assert.Throws<ConfigException>(() => config.GetString("enet.log.nope"));
        Assert.Contains("enet.log.nope", error.Reason);
        Assert.Equal("string", error.File);
    }

    [Fact]
    public void Wrong_type_names_the_path_and_where_the_value_was_written()
    {
        var config = ConfigurationFactory.ParseString("a = 1\nb = hello");
        var error = Assert.Throws<ConfigException>(() => config.GetInt("b"));
        Assert.Equal((2, 5), (error.Line, error.Column));
        Assert.Contains("'b'", error.Reason);
        Assert.StartsWith("string:2:5: ", error.Message);
        Assert.Throws<ConfigException>(() => config.GetConfig("a"));
        Assert.Throws<ConfigException>(() => config.GetStringList("a"));
        Assert.Throws<ConfigException>(() => config.GetString("a.b"));
    }

    [Fact]
    public void Array_root_is_rejected() => Assert.Contains("array", ParseError("[1, 2]").Reason);

    [Fact]
    public void Text_after_the_root_object_is_an_error() => Assert.Throws<ConfigException>(() => ConfigurationFactory.ParseString("{ a = 1 }\nb = 2"));

    [Fact]
    public void Parse_file_of_a_missing_file_is_file_not_found() =>
        Assert.Throws<FileNotFoundException>(() => ConfigurationFactory.ParseFile("/nonexistent/enet/x.conf"));
}
