using Enet.Fuzz.Targets;
using Enet.Remote.Etf;
using Xunit;

namespace Enet.Tests.Fuzz;

/// <summary>Inputs the fuzz targets found that broke the ETF decoder's contract, kept so the fix stays.</summary>
public class EtfCrasherTests
{
    /// <summary>Found by the in-process etf target: a COMPRESSED term whose zlib stream makes the inflater fail
    /// with ZLibException, an IOException, where the decoder caught only InvalidDataException.</summary>
    private const string BrokenZlib =
        "8350000002E178BB15C4779C0F041C00D0DF9DB3EEDCE1DCE4EEDC19C7B9A3BD0B91444ACACAEC5DF3A2AD908C5219A9905269A8348CB232CB68EF6194" +
        "D11E541A460AA5F1F9BE3F5E55229154212149B26A525457434DB5D4962A4D1DE932D4554F7D991AC8922D47AE3CF91A6AA440A1228D152BD14453CD" +
        "3457AA8596CAB452AE426B6D1CE1484739DA318E759CE39DE0442739D9294E759AB6DA69EF741D7474864ECED4D959BAE8EA21DD9CE35CDD9DA787F35D" +
        "A0A75E7AEBA3AF0BF5D3DF00030D32D845A874B14B5CEA3297BB42952B0D31D455AE768D6B5DE77A3718E64637196E84916E36CA2D461B63AC716E759B" +
        "F16E77873B4D30D12493DD658ABBDDE35E534D33DD7D66B8DF03667AD0431E36CB231EF598C7CDF684273D658EA73DE359CF996B9EF91678DE0B165A64" +
        "B125967AD132CBADB0D22AABBDE4656BACB5CE7AAF78D56B5EF78637BDE56DEF78D77BDEF7810F7DE4631B6CB4C9669FF8D4165B6DB3DD673EF7852F7D" +
        "E56BDFF8D677BEB7C34E3FF8D14F76F9D92F7EF59BDDF6D86B9FDFEDF70B3F1D70D0217FF9DB61FFF8D77F95894452224A8A92A36A514A543DAA11D58C" +
        "6A45B5A3D4282DAA13A5471951DDA85E543FCA8C1A445951769413E54679517ED4306A141544855151D4382A8E4AA22651D3A859D43C2A8D5A442DA3B2" +
        "A85554FE3F6D2FF5CD";

    [Fact]
    public void A_compressed_term_the_inflater_chokes_on_is_a_decode_error()
    {
        var bytes = Convert.FromHexString(BrokenZlib);
        Assert.False(Etf.TryDecode(bytes, out _, out var error));
        Assert.Contains("zlib", error!.Reason);
        EtfTarget.Target.Run(bytes);
    }

    /// <summary>A 10-byte input declaring 64 MiB made the decoder allocate all of it before inflating anything:
    /// zlib cannot inflate a stream past 1032 times its length (zlib's technical details), so such a size
    /// is refused before any buffer is allocated.</summary>
    [Fact]
    public void A_compressed_term_declaring_more_than_its_bytes_could_inflate_to_is_refused_before_allocating()
    {
        byte[] bytes = [131, 80, 0x04, 0x00, 0x00, 0x00, 0x78, 0x9C, 0x03, 0x00];
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.False(Etf.TryDecode(bytes, out _, out var error));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024, "allocated the declared size");
        Assert.Contains("could inflate", error!.Reason);
    }

    /// <summary>Found by AFL++ on the etf target: LIST_EXT with no elements and a NIL tail is <c>[]</c> in Erlang,
    /// but decoded to an empty list that was not equal to <c>[]</c>, so it did not survive encode and decode.</summary>
    [Theory]
    [InlineData("836C000000006A")]
    [InlineData("836C0000000277036B65796C000000006A6101")]
    [InlineData("836803770572657E447677037E65796C000000016C000000006A6101")]
    public void An_empty_list_ext_is_nil(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.True(Etf.TryDecode(bytes, out var term, out _));
        Assert.True(Etf.TryDecode(Etf.Encode(term), out var again, out _));
        Assert.Equal(term, again);
        EtfTarget.Target.Run(bytes);
    }

    /// <summary>LIST_EXT with no elements and another tail is that tail: Erlang's <c>[ | 1]</c> cannot be written, and
    /// <c>binary_to_term(&lt;&lt;131,108,0,0,0,0,97,1&gt;&gt;)</c> is 1.</summary>
    [Fact]
    public void An_empty_list_ext_with_a_tail_is_the_tail()
    {
        Assert.True(Etf.TryDecode([131, 108, 0, 0, 0, 0, 97, 1], out var term, out _));
        Assert.Equal(new ErlInteger(1), term);
        Assert.Equal(ErlList.Nil, new ErlList([], ErlList.Nil));
    }

    /// <summary>Found by AFL++ on the etf target: a map with a key twice decoded to a map not equal to itself.
    /// erl_ext_dist MAP_EXT: "Duplicate keys are not allowed within the same map", and binary_to_term refuses it.</summary>
    [Fact]
    public void A_map_with_a_duplicate_key_is_a_decode_error()
    {
        var bytes = Convert.FromHexString("836C000000027303AA6579740000000173038D6579740000000268006800680061FE6A");
        Assert.False(Etf.TryDecode(bytes, out _, out var error));
        Assert.Contains("duplicate key {}", error!.Reason);
        EtfTarget.Target.Run(bytes);
    }
}
