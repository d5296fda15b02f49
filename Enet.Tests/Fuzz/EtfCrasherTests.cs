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
}
