using System.Numerics;
using Enet.Remote;
using Enet.Remote.Etf;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Remote;

public class TermMappingTests
{
    [Fact]
    public void Csharp_values_round_trip_through_terms_property()
    {
        Prop.ForAll<int, long, (bool, double, string)>((i, l, rest) =>
        {
            var (b, d, s) = rest;
            // Strings are Unicode text: a lone surrogate has no UTF-8 form, so it is not a mappable value.
            s = System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(s ?? ""));
            var term = TermMapping.ToTerm((i, l, b, d, s, new[] { i, i + 1 }, new Dictionary<string, long> { ["k"] = l }));
            var back = TermMapping.FromTerm<(int, long, bool, double, string, int[], Dictionary<string, long>)>(term);
            return back.Item1 == i && back.Item2 == l && back.Item3 == b && BitConverter.DoubleToInt64Bits(back.Item4) == BitConverter.DoubleToInt64Bits(d)
                && back.Item5 == s && back.Item6.SequenceEqual([i, i + 1]) && back.Item7["k"] == l;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Erlang_strings_atoms_and_binaries_all_map_to_string()
    {
        Assert.Equal("héllo", TermMapping.FromTerm<string>(ErlList.FromString("héllo")));
        Assert.Equal("ok", TermMapping.FromTerm<string>(ErlAtom.Ok));
        Assert.Equal("bin", TermMapping.FromTerm<string>(new ErlBinary("bin"u8.ToArray())));
        Assert.Equal([1, 2], TermMapping.FromTerm<List<int>>(new ErlList(1, 2)));
        Assert.Null(TermMapping.FromTerm<int?>(ErlAtom.Undefined));
        Assert.Equal(3.0, TermMapping.FromTerm<double>(new ErlInteger(3)));
    }

    [Fact]
    public void Untyped_mapping_gives_natural_values_and_keeps_pids_as_terms()
    {
        var pid = new ErlPid(new ErlAtom("a@h"), 1, 0, 7);
        var value = (object?[])TermMapping.FromTerm<object>(new ErlTuple(new ErlInteger(BigInteger.One << 70), 5, ErlAtom.True, pid, new ErlList(ErlAtom.Ok)))!;
        Assert.Equal(BigInteger.One << 70, value[0]);
        Assert.Equal(5L, value[1]);
        Assert.Equal(true, value[2]);
        Assert.Same(pid, value[3]);
        Assert.Equal([ErlAtom.Ok], (List<object?>)value[4]!);
    }

    [Theory]
    [InlineData("int", "cannot map 1180591620717411303424 to Int32: out of range")]
    [InlineData("improper", "cannot map [1|x] to Int32[]: an improper list")]
    [InlineData("arity", "cannot map {1,2,3} to ValueTuple`2: arity 3, the type takes 2")]
    [InlineData("utf8", "cannot map <<255>> to String: not UTF-8")]
    [InlineData("bool", "cannot map maybe to Boolean: no mapping")]
    public void What_cannot_be_mapped_says_what_and_why(string kind, string message)
    {
        Action map = kind switch
        {
            "int" => () => TermMapping.FromTerm<int>(new ErlInteger(BigInteger.One << 70)),
            "improper" => () => TermMapping.FromTerm<int[]>(new ErlList([1], new ErlAtom("x"))),
            "arity" => () => TermMapping.FromTerm<(int, int)>(new ErlTuple(1, 2, 3)),
            "utf8" => () => TermMapping.FromTerm<string>(new ErlBinary([255])),
            _ => () => TermMapping.FromTerm<bool>(new ErlAtom("maybe")),
        };
        Assert.Equal(message, Assert.Throws<TermMappingException>(map).Message);
    }

    [Fact]
    public void A_value_without_a_term_is_refused_by_type_name()
    {
        var e = Assert.Throws<TermMappingException>(() => TermMapping.ToTerm(new Uri("http://x")));
        Assert.Contains("System.Uri", e.Message);
    }
}
