using Enet.Configuration;
using Xunit;

namespace Enet.Tests.Configuration;

/// <summary>Value concatenation and <c>+=</c> cases ported from upstream's ConcatenationTest.scala.</summary>
public class ConcatenationCaseTests
{
    private static Config Parse(string text) => ConfigurationFactory.ParseString(text, useEnvironment: false);

    [Theory]
    [InlineData(" a :  true \"xyz\" 123 foo  ", "true xyz 123 foo")]
    [InlineData(" a : ${x}foo, x = 1 ", "1foo")]
    [InlineData(" a : ${x}foo${x}, x = 1 ", "1foo1")]
    [InlineData("a = foo${?bar}", "foo")]
    [InlineData("bar=bar, a = foo${?bar}", "foobar")]
    [InlineData("a = ${?foo} ${?bar}", " ")]
    [InlineData("a = \"\"${?foo}${?bar}", "")]
    public void String_concatenations(string text, string expected) => Assert.Equal(expected, Parse(text).GetString("a"));

    [Theory]
    [InlineData(" a : abc { x : y } ")]
    [InlineData(" a : null { x : y } ")]
    [InlineData(" a : abc [1, 2] ")]
    [InlineData(" a : abc ${x}, x : { y : z } ")]
    [InlineData(" a : abc ${x}, x : [1,2] ")]
    [InlineData(" a = 10, a += 2 ")]
    [InlineData(" a = abc, a += 2 ")]
    [InlineData(" a = { x : y }, a += 2 ")]
    [InlineData(" a : ${x}\n   foo, x = 1 ")]
    [InlineData(" a :  [1,2]\n   [3,4]  ")]
    [InlineData(" a :  { b : c }\n   { x : y }")]
    [InlineData("{ { a : 1 } : \"value\" }")]
    [InlineData("{ [ \"a\" ] : \"value\" }")]
    public void Invalid_concatenations_are_errors(string text) => Assert.Throws<ConfigException>(() => Parse(text));

    [Theory]
    [InlineData(" a :  [1,2] [3,4]  ", new[] { 1, 2, 3, 4 })]
    [InlineData(" a :  ${x} [3,4] ${y}, x : [1,2], y : [5,6]  ", new[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(" a : [1, 2], a : ${a} [3,4], a : ${a} [5,6]  ", new[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(" a :  [1,2\n   ] [3,4]  ", new[] { 1, 2, 3, 4 })]
    [InlineData(" a = [], a += 2 ", new[] { 2 })]
    [InlineData(" a += 2 ", new[] { 2 })]
    [InlineData(" a = [1], a += 2 ", new[] { 1, 2 })]
    [InlineData(" a = ${x}, a += ${y}, x = [1], y = 2 ", new[] { 1, 2 })]
    [InlineData(" a += 1, a += 2, a += 3 ", new[] { 1, 2, 3 })]
    [InlineData("a = [1] ${?bar}", new[] { 1 })]
    [InlineData("bar=[2], a = [1] ${?bar}", new[] { 1, 2 })]
    public void Array_concatenations(string text, int[] expected) => Assert.Equal(expected, Parse(text).GetIntList("a"));

    [Fact]
    public void Object_concatenations()
    {
        Assert.Equal(4, Parse(" a : { b : 1 } { b : 2 } { b : 3 } { b : 4 } ").GetInt("a.b"));
        var substituted = Parse(" a : ${x} { b : 1 } ${y}, x : { a : 0 }, y : { c : 2 } ");
        Assert.Equal((0, 1, 2), (substituted.GetInt("a.a"), substituted.GetInt("a.b"), substituted.GetInt("a.c")));
        var self = Parse(" a : { a : 0 }, a : ${a} { b : 1 }, a : ${a} { c : 2 } ");
        Assert.Equal((0, 1, 2), (self.GetInt("a.a"), self.GetInt("a.b"), self.GetInt("a.c")));
        Assert.Equal(3, Parse(" a : { b : 3 }, a : { b : 2 } ${a} ").GetInt("a.b"));
        Assert.Equal("c", Parse(" a :  { b : c\n    } { x : y }  ").GetString("a.b"));
        Assert.Equal("foo", Parse("a = { x : \"foo\" } ${?bar}").GetString("a.x"));
        Assert.Equal(42, Parse("bar={ y : 42 }, a = { x : \"foo\" } ${?bar}").GetInt("a.y"));
    }

    [Fact]
    public void Concatenations_inside_arrays()
    {
        Assert.Equal(["foo bar 10"], Parse(" a : [ foo bar 10 ] ").GetStringList("a"));
        Assert.Equal(["foo", "bar", "10"], Parse(" a : [ foo\n bar\n 10 ] ").GetStringList("a"));
        Assert.Single(Parse(" a : [ { b : c } { x : y } ] ").GetConfigList("a"));
        Assert.Equal(2, Parse(" a : [ { b : c }\n { x : y } ] ").GetConfigList("a").Count);
    }

    [Fact]
    public void Plus_equals_in_nested_objects_and_paths()
    {
        Assert.Equal([1, 2], Parse(" a.b.c = [1], a.b.c += 2 ").GetIntList("a.b.c"));
        Assert.Equal([1, 2], Parse(" a : { b : { c : [1] } }, a : { b : { c += 2 } }").GetIntList("a.b.c"));
        Assert.Equal([1, 2], Parse(" a : { b : { c : [1], c += 2 } }").GetIntList("a.b.c"));
        Assert.Equal([1, 2, 3], Parse(" x { a += 1, a += 2, a += 3 } ").GetIntList("x.a"));
        Assert.Equal([1, 2, 3], Parse(" a += { b: 1 }, a += { b: 2 }, a += { b: 3 } ").GetConfigList("a").Select(c => c.GetInt("b")));
    }

    [Fact]
    public void Concatenation_of_only_undefined_substitutions_creates_no_field()
    {
        Assert.False(Parse("a = ${?foo}${?bar}").HasPath("a"));
        Assert.False(Parse("a = ${?foo}${?bar}${?baz}${?woooo}").HasPath("a"));
    }

    [Fact]
    public void String_concatenations_are_keys() => Assert.Equal("value", Parse(" 123 foo : \"value\" ").GetString("\"123 foo\""));
}
