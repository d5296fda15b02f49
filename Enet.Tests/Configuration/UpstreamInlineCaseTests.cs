using Enet.Configuration;
using Xunit;

namespace Enet.Tests.Configuration;

/// <summary>
/// One-line inputs from upstream's TestUtils.scala (invalidJsonInvalidConf, validConfInvalidJson,
/// validJson), each also retried with upstream's whitespace variations. Array-rooted inputs are read as
/// the value of a field, since an Enet configuration's root must be an object; the field <c>header</c>
/// gives their substitutions something to resolve to. Upstream also rejects <c>[ 10e3e3 ]</c> and
/// <c>[ 1-e3 ]</c>; Enet reads any run of number characters that is not a JSON number as an unquoted
/// string, which HOCON.md needs anyway for path keys such as <c>1.2.3</c>, so those two are left out.
/// </summary>
public class UpstreamInlineCaseTests
{
    private const string Header = "foo = 1\nfoo.bar = 3\n\"foo.bar\" = 2\nfoobar = 4\n\"foo  bar  baz\" = 5\n\"true\" = 6\n";

    public static TheoryData<string> Invalid() =>
    [
        "{", "}", "[", "]", ",", "10", "\"foo\"", "\"", "[,]", "[,,]", "[1,2,,]", "[,1,2]",
        "{ \"foo\" : 10,, }", "{ , }", "{ , , }", "{ 1,2 }", "{ , \"foo\" : 10 }", "{ \"foo\" : 10 ,, }",
        " \"a\" : 10 ,, ", "{ \"foo\" : }", "{ : 10 }", " \"foo\" : ", " : 10 ", " \"foo\" : 10 } ",
        " \"foo\" : 10 [ ", "{ \"foo\" }", "{ \"a\" : [ }", "{ \"foo\" : 10, true }", "{ foo \n bar : 10 }",
        "[ 1, \\", "[:\"foo\", \"bar\"]", "[\"foo\" : \"bar\"]", "[ \"hello ]", "{ \"foo\" , true }",
        "{ \"foo\" : true \"bar\" : false }", "[ 10, }]", "[ 10, {]", "{}x", "[]x", "{}{}", "{}true", "[]{}", "[]true",
        "[${]", "[$]", "[$  ]", "[${}]", "[${?}]", "[${ ?foo}]",
        "{ \"a\" : [1,2], \"b\" : y${a}z }", "{ \"a\" : { \"c\" : 2 }, \"b\" : y${a}z }", "{ \"a\" : ${a} }",
        "[ { \"a\" : 2, \"b\" : ${${a}} } ]", "[ = ]", "[ + ]", "[ # ]", "[ ` ]", "[ ^ ]", "[ ? ]", "[ ! ]",
        "[ @ ]", "[ * ]", "[ & ]", "[ \\ ]", "[ \"foo\nbar\" ]", "[ # comment ]", "${ #comment }", "[ // comment ]",
        "${ // comment }", "{ include \"bar\" : 10 }", "{ include foo }", "{ include : { \"a\" : 1 } }",
    ];

    public static TheoryData<string> Valid() =>
    [
        "{}", "[]", "{ \"foo\" : \"bar\" }", "[\"foo\", \"bar\"]", "{ \"foo\" : 42 }", "{ \"foo\"\n : 42 }",
        "{ \"foo\" : \n 42 }", "[10, 11]", "[10,\"foo\"]", "{ \"foo\" : \"bar\", \"baz\" : \"boo\" }",
        "{ \"foo\" : { \"bar\" : \"baz\" }, \"baz\" : \"boo\" }", "{ \"foo\" : [10,11,12], \"baz\" : \"boo\" }",
        "[{},{},{},{}]", "[[[[[[]]]]]]", "[[1], [1,2], [1,2,3], []]",
        "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":42}}}}}}}}", "[ \"#comment\" ]", "[ \"//comment\" ]",
        "{ \"foo\" : { \"bar\" : \"baz\", \"woo\" : \"w00t\" }, \"baz\" : { \"bar\" : \"baz\", \"woo\" : [1,2,3,4], \"w00t\" : true, \"a\" : false, \"b\" : 3.14, \"c\" : null } }",
        "", " ", "\n", " \n \n   \n\n\n", "# foo", "# bar\n", "# foo\n//bar", "{ \"foo\" = 42 }",
        "{ foo { \"bar\" : 42 } }", "{ foo baz { \"bar\" : 42 } }", " \"foo\" : 42 ", "{ \"foo\" : bar }",
        "{ \"foo\" : null bar 42 baz true 3.14 \"hi\" }", "{ foo : \"bar\" }", "{ foo : bar }", "{ foo.bar : bar }",
        "{ foo.\"hello world\".baz : bar }", "{ foo.bar \n : bar }", "{ foo  bar : bar }", "{ true : bar }",
        "{ \"foo\" : \"bar\", \"foo\" : \"bar2\" }", "[ 1, 2, 3, ]", "[1,2,3  , ]", "[1,2,3\n\n , \n]", "[1,]",
        "{ \"foo\" : 10, }", "{ \"a\" : \"b\", }", "{ a : b, }", "{ a : b  \n  , \n }", "a : b, c : d,",
        "{ a : b\nc : d }", "a : b\nc : d", "a : b\nc : d,", "[ foo ]", "[ t ]", "[ tx ]", "[ tr ]", "[ trx ]",
        "[ tru ]", "[ trux ]", "[ truex ]", "[ 10x ]", "[ / ]", "{ include \"foo\" }", "{ include\n\"foo\" }",
        "{ include\"foo\" }", "[ include ]", "{ foo : include }", "{ include \"foo\", \"a\" : \"b\" }",
        "{ foo include : 42 }", "[ ${foo} ]", "[ ${?foo} ]", "[ ${\"foo\"} ]", "[ ${foo.bar} ]",
        "[ abc  xyz  ${foo.bar}  qrs tuv ]", "[ 1, 2, 3, blah ]", "[ ${\"foo.bar\"} ]", "{} # comment",
        "{} // comment", "{ \"foo\" #comment\n: 10 }", "{ \"foo\" // comment\n: 10 }", "{ \"foo\" : #comment\n 10 }",
        "{ \"foo\" : // comment\n 10 }", "{ \"foo\" : 10 #comment\n }", "{ \"foo\" : 10 // comment\n }",
        "[ 10, # comment\n 11]", "[ 10, // comment\n 11]", "[ 10 # comment\n, 11]", "[ 10 // comment\n, 11]",
        "{ /a/b/c : 10 }", "[${ foo.bar}]", "[${foo.bar }]", "[${ \"foo.bar\"}]", "[${\"foo.bar\" }]",
        "[ ${\"foo\"\"bar\"} ]", "[ ${foo  \"bar\"  baz} ]", "[${true}]",
    ];

    /// <summary>Upstream's whitespace variations (TestUtils.whitespaceVariations), EM SPACE included.</summary>
    private static IEnumerable<string> Variations(string text)
    {
        yield return text;
        if (text.Contains("${", StringComparison.Ordinal))
            yield break;
        yield return " " + text;
        yield return text + " ";
        yield return " " + text + " ";
        yield return text.Replace(":", " : ", StringComparison.Ordinal);
        yield return text.Replace(",", " , ", StringComparison.Ordinal);
        if (text.Contains(' ', StringComparison.Ordinal))
            yield return text.Replace(' ', '\u2003');
    }

    private static Config Read(string text) => text.TrimStart().StartsWith('[')
        ? ConfigurationFactory.ParseString(Header + "value = " + text, useEnvironment: false)
        : ConfigurationFactory.ParseString(text, useEnvironment: false);

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_input_is_a_config_exception(string text)
    {
        foreach (var variant in Variations(text))
        {
            var error = Record.Exception(() => Read(variant));
            Assert.True(error is ConfigException, $"'{variant}' gave {error?.GetType().Name ?? "no error"}");
        }
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_input_parses(string text)
    {
        foreach (var variant in Variations(text))
        {
            var error = Record.Exception(() => Read(variant));
            Assert.True(error is null, $"'{variant}': {error?.Message}");
        }
    }
}
