using Enet.Configuration;
using Xunit;

namespace Enet.Tests.Configuration;

/// <summary>The worked examples of HOCON.md, section by section.</summary>
public class HoconSpecExampleTests
{
    private static Config Parse(string text) => ConfigurationFactory.ParseString(text, useEnvironment: false);

    [Fact]
    public void Comments_with_hash_and_double_slash_are_ignored_outside_quotes()
    {
        var config = Parse("a = 1 # one\n// whole line\nb = \"x // y # z\" // trailing");
        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal("x // y # z", config.GetString("b"));
    }

    [Fact]
    public void Root_braces_may_be_omitted() => HoconAssert.SameAs("{ a : 1, b : 2 }", "a : 1, b : 2");

    [Fact]
    public void Equals_and_colon_separate_keys_from_values_and_may_be_omitted_before_a_brace() =>
        HoconAssert.SameAs("{ foo : {}, bar : { x : 1 } }", "foo {}\nbar = { x = 1 }");

    [Theory]
    [InlineData("a = [1,2,3,]")]
    [InlineData("a = [1\n2\n3]")]
    [InlineData("a = [1,2,3]")]
    public void Arrays_accept_one_trailing_comma_and_newlines_as_separators(string text) =>
        Assert.Equal([1, 2, 3], Parse(text).GetIntList("a"));

    [Theory]
    [InlineData("a = [1,2,3,,]")]
    [InlineData("a = [,1,2,3]")]
    [InlineData("a = [1,,2,3]")]
    [InlineData("{ a = 1,, b = 2 }")]
    [InlineData("{ , a = 1 }")]
    public void Doubled_or_leading_commas_are_errors(string text) =>
        Assert.Throws<ConfigException>(() => Parse(text));

    [Fact]
    public void Whitespace_includes_unicode_separators_and_the_bom() =>
        HoconAssert.SameAs("a : 1, b : 2", "\uFEFFa\u2003:\u00A01,\u2007b : 2\u202F");

    [Fact]
    public void Duplicate_object_keys_merge() =>
        HoconAssert.SameAs("{ foo : { a : 42, b : 43 } }", "{ foo : { a : 42 }, foo : { b : 43 } }");

    [Fact]
    public void A_non_object_in_between_prevents_the_merge() =>
        HoconAssert.SameAs("{ foo : { b : 43 } }", "{ foo : { a : 42 }, foo : null, foo : { b : 43 } }");

    [Fact]
    public void Later_non_object_values_override_earlier_ones() =>
        Assert.Equal(2, Parse("a = 1\na = 2").GetInt("a"));

    [Fact]
    public void Unquoted_strings_concatenate_with_inner_whitespace_kept_and_outer_trimmed() =>
        Assert.Equal("foo bar baz", Parse("a =   foo bar baz   ").GetString("a"));

    [Fact]
    public void Keywords_and_numbers_start_values_but_not_inside_unquoted_strings()
    {
        var config = Parse("a = truefoo\nb = footrue\nc = 10.0bar\nd = bar10.0\ne = true\nf = 10.0");
        Assert.Equal("truefoo", config.GetString("a"));
        Assert.Equal("footrue", config.GetString("b"));
        Assert.Equal("10.0bar", config.GetString("c"));
        Assert.Equal("bar10.0", config.GetString("d"));
        Assert.Equal(ConfigValueType.Boolean, config.GetValue("e").Type);
        Assert.Equal(ConfigValueType.Number, config.GetValue("f").Type);
    }

    [Theory]
    [InlineData("a = x$y")]
    [InlineData("a = x^y")]
    [InlineData("a = x`y")]
    [InlineData("a = x@y")]
    [InlineData("a = x*y")]
    [InlineData("a = x&y")]
    [InlineData("a = x\\y")]
    [InlineData("a = x!y")]
    [InlineData("a = x?y")]
    public void Reserved_characters_are_errors_in_unquoted_strings(string text) =>
        Assert.Throws<ConfigException>(() => Parse(text));

    [Fact]
    public void Quoted_strings_are_json_strings_with_escapes() =>
        Assert.Equal("tab\there \"q\" \u00e9 /", Parse("a = \"tab\\there \\\"q\\\" \\u00e9 \\/\"").GetString("a"));

    [Fact]
    public void Triple_quoted_strings_keep_newlines_and_backslashes_and_extra_quotes()
    {
        var config = Parse("a = \"\"\"one\n  two \\n\"\"\"\nb = \"\"\"foo\"\"\"\"");
        Assert.Equal("one\n  two \\n", config.GetString("a"));
        Assert.Equal("foo\"", config.GetString("b"));
    }

    [Fact]
    public void A_single_value_keeps_its_type_but_a_concatenation_is_a_string()
    {
        var config = Parse("a = true\nb = true foo\nc = 1e5 x\nd = null bar 42");
        Assert.True(config.GetBoolean("a"));
        Assert.Equal("true foo", config.GetString("b"));
        Assert.Equal("1e5 x", config.GetString("c"));
        Assert.Equal("null bar 42", config.GetString("d"));
    }

    [Fact]
    public void Objects_concatenate_by_merging_three_equivalent_ways()
    {
        var expected = "a : { b : 1, c : 2 }";
        HoconAssert.SameAs(expected, "a : { b : 1 } { c : 2 }");
        HoconAssert.SameAs(expected, "a : { b : 1 }\na : { c : 2 }");
    }

    [Fact]
    public void Arrays_concatenate_three_equivalent_ways()
    {
        Assert.Equal([1, 2, 3, 4], Parse("a : [ 1, 2 ] [ 3, 4 ]").GetIntList("a"));
        Assert.Equal([1, 2, 3, 4], Parse("a : [ 1, 2 ]\na : ${a} [ 3, 4 ]").GetIntList("a"));
    }

    [Fact]
    public void Object_concatenation_gives_inheritance()
    {
        var config = Parse("data-center-generic = { cluster-size = 6 }\ndata-center-east = ${data-center-generic} { name = \"east\" }");
        Assert.Equal(6, config.GetInt("data-center-east.cluster-size"));
        Assert.Equal("east", config.GetString("data-center-east.name"));
    }

    [Fact]
    public void Array_concatenation_adds_to_paths() =>
        Assert.Equal(["/bin", "/usr/bin"], Parse("path = [ /bin ]\npath = ${path} [ /usr/bin ]").GetStringList("path"));

    [Fact]
    public void Mixing_an_array_and_an_object_in_a_concatenation_is_an_error()
    {
        Assert.Throws<ConfigException>(() => Parse("a = [1] {b:2}"));
        Assert.Throws<ConfigException>(() => Parse("x = [1]\na = ${x} {b:2}"));
        Assert.Throws<ConfigException>(() => Parse("a = [1] foo"));
    }

    [Fact]
    public void Unquoted_whitespace_between_substitutions_resolving_to_objects_is_ignored()
    {
        var config = Parse("x = { a : 1 }\ny = { b : 2 }\nz = ${x} ${y}");
        Assert.Equal(1, config.GetInt("z.a"));
        Assert.Equal(2, config.GetInt("z.b"));
    }

    [Fact]
    public void Arrays_without_commas_or_newlines_concatenate_elements()
    {
        Assert.Equal(["1 2 3 4"], Parse("a = [ 1 2 3 4 ]").GetStringList("a"));
        Assert.Equal([1, 2, 3, 4], Parse("a = [ 1\n 2\n 3\n 4 ]").GetIntList("a"));
        var nested = (ConfigList)Parse("a = [ [ 1, 2 ] [ 3, 4 ] ]").GetValue("a");
        Assert.Single(nested);
        Assert.Equal(2, ((ConfigList)Parse("a = [ [ 1, 2 ]\n [ 3, 4 ] ]").GetValue("a")).Count);
    }

    [Fact]
    public void Concatenation_in_arrays_works_with_substitutions()
    {
        var config = Parse("name = Bob\nworld = Earth\na = [ This is an unquoted string my name is ${name}, Hello ${world} ]");
        Assert.Equal(["This is an unquoted string my name is Bob", "Hello Earth"], config.GetStringList("a"));
    }

    [Fact]
    public void Path_expressions_split_on_unquoted_dots_only()
    {
        var config = Parse("foo.bar.\"hello.world\" = 1");
        Assert.Equal(1, config.GetInt("foo.bar.\"hello.world\""));
    }

    [Fact]
    public void Numbers_in_paths_keep_their_text_and_split_on_dots()
    {
        var config = Parse("10.0foo = a\nfoo10.0 = b\nfoo\"10.0\" = c\n1.2.3 = d");
        Assert.Equal("a", config.GetString("\"10\".\"0foo\""));
        Assert.Equal("b", config.GetString("foo10.\"0\""));
        Assert.Equal("c", config.GetString("\"foo10.0\""));
        Assert.Equal("d", config.GetString("\"1\".\"2\".\"3\""));
    }

    [Fact]
    public void Empty_path_elements_must_be_quoted()
    {
        Assert.Equal(1, Parse("a.\"\".b = 1").GetInt("a.\"\".b"));
        Assert.Throws<ConfigException>(() => Parse("a..b = 1"));
        Assert.Throws<ConfigException>(() => Parse(".a = 1"));
        Assert.Throws<ConfigException>(() => Parse("a. = 1"));
    }

    [Fact]
    public void Path_keys_expand_to_nested_objects_and_merge()
    {
        HoconAssert.SameAs("foo { bar : 42 }", "foo.bar : 42");
        HoconAssert.SameAs("foo { bar { baz : 42 } }", "foo.bar.baz : 42");
        HoconAssert.SameAs("a { x : 42, y : 43 }", "a.x : 42, a.y : 43");
    }

    [Fact]
    public void Keys_with_whitespace_and_keywords_are_strings()
    {
        HoconAssert.SameAs("\"a b c\" : 42", "a b c : 42");
        HoconAssert.SameAs("\"true\" : 42", "true : 42");
        HoconAssert.SameAs("\"3\" : 42", "3 : 42");
        HoconAssert.SameAs("\"3\" : { \"14\" : 42 }", "3.14 : 42");
    }

    [Fact]
    public void Substitutions_look_forward_and_are_not_parsed_inside_quotes()
    {
        var config = Parse("key : ${animal.favorite} is my favorite animal\nkey2 : ${animal.favorite}\" is my favorite\"\nanimal.favorite = cat\nq = \"${x}\"");
        Assert.Equal("cat is my favorite animal", config.GetString("key"));
        Assert.Equal("cat is my favorite", config.GetString("key2"));
        Assert.Equal("${x}", config.GetString("q"));
    }

    [Fact]
    public void A_substitution_sees_the_latest_merged_value() =>
        Assert.Equal(2, Parse("a = ${b}\nb = 1\nb = 2").GetInt("a"));

    [Fact]
    public void A_lone_substitution_keeps_the_type_of_its_target()
    {
        var config = Parse("x = { y = [1, 2] }\na = ${x}\nb = ${x.y}");
        Assert.Equal([1, 2], config.GetIntList("a.y"));
        Assert.Equal([1, 2], config.GetIntList("b"));
    }

    [Fact]
    public void Undefined_optional_substitution_does_not_create_or_replace_a_field()
    {
        var config = Parse("a = 1\na = ${?nope}\nb = ${?nope}\nc = ${?nope}${?nope2}\nd = [1, ${?nope}, 2]\ne = x${?nope}");
        Assert.Equal(1, config.GetInt("a"));
        Assert.False(config.HasPath("b"));
        Assert.False(config.HasPath("c"));
        Assert.Equal([1, 2], config.GetIntList("d"));
        Assert.Equal("x", config.GetString("e"));
    }

    [Fact]
    public void Undefined_required_substitution_is_an_error() =>
        Assert.Throws<ConfigException>(() => Parse("a = ${nope}"));

    [Fact]
    public void Self_reference_appends_to_the_previous_value() =>
        Assert.Equal("a:b:c:d", Parse("path : \"a:b:c\"\npath : ${path}\":d\"").GetString("path"));

    [Fact]
    public void Self_reference_alone_is_an_error() =>
        Assert.Throws<ConfigException>(() => Parse("foo : ${foo}"));

    [Fact]
    public void Self_reference_of_an_object_sees_the_overridden_value() =>
        Assert.Equal(1, Parse("foo : { a : 1 }\nfoo : ${foo}").GetInt("foo.a"));

    [Fact]
    public void Self_reference_before_any_value_is_undefined() =>
        Assert.Throws<ConfigException>(() => Parse("foo : ${foo}\nfoo : { a : 1 }"));

    [Fact]
    public void Optional_self_reference_with_no_earlier_value_makes_the_field_disappear() =>
        Assert.False(Parse("foo : ${?foo}").HasPath("foo"));

    [Fact]
    public void A_hidden_substitution_is_never_evaluated()
    {
        Assert.Equal(42, Parse("foo : ${does-not-exist}\nfoo : 42").GetInt("foo"));
        Assert.Equal(42, Parse("foo : ${foo}\nfoo : 42").GetInt("foo"));
    }

    [Fact]
    public void Self_reference_through_a_path_looks_below_even_in_a_path_expression()
    {
        var config = Parse("foo : { a : { c : 1 } }\nfoo : ${foo.a}\nfoo : { a : 2 }");
        Assert.Equal(2, config.GetInt("foo.a"));
        Assert.Equal(1, config.GetInt("foo.c"));
    }

    [Fact]
    public void An_object_may_refer_to_its_own_fields_and_looks_forward()
    {
        Assert.Equal(42, Parse("bar : { foo : 42,\n baz : ${bar.foo}\n }").GetInt("bar.baz"));
        Assert.Equal(43, Parse("bar : { foo : 42,\n baz : ${bar.foo}\n }\nbar : { foo : 43 }").GetInt("bar.baz"));
    }

    [Fact]
    public void Mutually_referring_objects_look_forward()
    {
        var config = Parse("bar : { a : ${foo.d}, b : 1 }\nbar.b = 3\nfoo : { c : ${bar.b}, d : 2 }\nfoo.d = 4");
        Assert.Equal(4, config.GetInt("bar.a"));
        Assert.Equal(3, config.GetInt("foo.c"));
    }

    [Fact]
    public void Optional_self_reference_in_a_concatenation_looks_back_to_nothing() =>
        Assert.Equal("foo", Parse("a = ${?a}foo").GetString("a"));

    [Theory]
    [InlineData("bar : ${foo}\nfoo : ${bar}")]
    [InlineData("a : ${b}\nb : ${c}\nc : ${a}")]
    [InlineData("a : { b : ${a} }")]
    [InlineData("a : [${a}]")]
    public void Unbreakable_cycles_are_errors(string text) =>
        Assert.Throws<ConfigException>(() => Parse(text));

    [Fact]
    public void Order_dependent_mutual_references_give_both_fields_the_same_value()
    {
        var config = Parse("a : 1\nb : 2\na : ${b}\nb : ${a}");
        Assert.Equal(config.GetInt("a"), config.GetInt("b"));
    }

    [Fact]
    public void Plus_equals_appends_to_an_array_and_may_be_the_first_mention()
    {
        Assert.Equal(["b"], Parse("a += b").GetStringList("a"));
        Assert.Equal([1, 2, 3], Parse("a = [1]\na += 2\na += 3").GetIntList("a"));
        Assert.Throws<ConfigException>(() => Parse("a = 1\na += 2"));
    }

    [Fact]
    public void Include_keyword_only_counts_at_the_start_of_a_key()
    {
        var config = Parse("{ foo include : 42, bar : include, \"include\" : 1, list = [ include ] }");
        Assert.Equal(42, config.GetInt("\"foo include\""));
        Assert.Equal("include", config.GetString("bar"));
        Assert.Equal(1, config.GetInt("\"include\""));
        Assert.Equal(["include"], config.GetStringList("list"));
    }

    [Fact]
    public void Include_must_name_a_quoted_string() =>
        Assert.Throws<ConfigException>(() => Parse("include foo"));

    [Fact]
    public void Included_keys_merge_in_place_of_the_include_statement()
    {
        using var dir = new TempDirectory();
        dir.Write("inc.conf", "x = included\ny = included\nobj { a = 1 }");
        var main = dir.Write("main.conf", "x = before\ninclude \"inc.conf\"\ny = after\nobj { b = 2 }");
        var config = ConfigurationFactory.ParseFile(main);
        Assert.Equal("included", config.GetString("x"));
        Assert.Equal("after", config.GetString("y"));
        Assert.Equal(1, config.GetInt("obj.a"));
        Assert.Equal(2, config.GetInt("obj.b"));
    }

    [Fact]
    public void Included_substitutions_are_fixed_up_to_the_include_point_then_fall_back_to_the_root()
    {
        using var dir = new TempDirectory();
        dir.Write("foo.conf", "{ x : 10, y : ${x}, z : ${top} }");
        var main = dir.Write("main.conf", "top = root\na : { include \"foo.conf\" }\na : { x : 42 }");
        var config = ConfigurationFactory.ParseFile(main);
        Assert.Equal(42, config.GetInt("a.y"));
        Assert.Equal("root", config.GetString("a.z"));
    }

    [Fact]
    public void Missing_includes_are_ignored_unless_required()
    {
        using var dir = new TempDirectory();
        var main = dir.Write("main.conf", "include \"nothere.conf\"\ninclude file(\"nothere\")\na = 1");
        Assert.Equal(1, ConfigurationFactory.ParseFile(main).GetInt("a"));
        var required = dir.Write("required.conf", "a = 1\ninclude required(file(\"nothere.conf\"))");
        var error = Assert.Throws<ConfigException>(() => ConfigurationFactory.ParseFile(required));
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Include_without_extension_loads_properties_json_and_conf_with_conf_last()
    {
        using var dir = new TempDirectory();
        dir.Write("foo.properties", "p=prop\nall=properties");
        dir.Write("foo.json", "{ \"j\" : 1, \"all\" : \"json\" }");
        dir.Write("foo.conf", "c = conf\nall = conf");
        var main = dir.Write("main.conf", "include \"foo\"");
        var config = ConfigurationFactory.ParseFile(main);
        Assert.Equal("prop", config.GetString("p"));
        Assert.Equal(1, config.GetInt("j"));
        Assert.Equal("conf", config.GetString("c"));
        Assert.Equal("conf", config.GetString("all"));
    }

    [Fact]
    public void Include_url_is_rejected_clearly()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("include url(\"http://localhost/foo.conf\")"));
        Assert.Contains("url", error.Reason);
        Assert.Throws<ConfigException>(() => Parse("include \"https://example.com/x.conf\""));
    }

    [Fact]
    public void Include_classpath_reads_resources_embedded_in_Enet_Runtime()
    {
        var config = Parse("include classpath(\"reference.conf\")");
        Assert.Equal(30, config.GetInt("enet.actor.throughput"));
        Assert.Throws<ConfigException>(() => Parse("include required(classpath(\"nothere.conf\"))"));
    }

    [Fact]
    public void An_included_file_must_be_an_object()
    {
        using var dir = new TempDirectory();
        dir.Write("array.json", "[1, 2]");
        var main = dir.Write("main.conf", "include \"array.json\"");
        Assert.Throws<ConfigException>(() => ConfigurationFactory.ParseFile(main));
    }

    [Fact]
    public void Properties_values_are_strings_and_objects_win_over_values()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("x.properties", "a=hello\na.b=world\nn = 42\nlong.key = one \\\n  two\n# comment\n! other comment");
        var config = ConfigurationFactory.ParseFile(file);
        Assert.Equal("world", config.GetString("a.b"));
        Assert.Equal(ConfigValueType.String, config.GetValue("n").Type);
        Assert.Equal(42, config.GetInt("n"));
        Assert.Equal("one two", config.GetString("long.key"));
    }
}
