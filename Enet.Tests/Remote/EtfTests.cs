using System.Numerics;
using Enet.Remote.Etf;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Remote;

public class EtfTests
{
    // term_to_binary(T, [{minor_version, 2}]) from OTP 25.2.3 (UTF-8 atoms, as distribution sends them) of
    // {atom, <<"héllo"/utf8>>, [1,2|improper], "str", 42, -5, 300, 1 bsl 70, -(1 bsl 300), 3.14,
    //  #{a => 1, <<"k">> => [x]}, <<1,2,3:4>>, self(), make_ref(), hd(erlang:ports()), fun erlang:node/0,
    //  fun(X) -> X end, list_to_atom([1046,1046]), {}, [], lists:seq(1,300), [1000,2000], list_to_tuple(lists:seq(1,256))}
    private const string OtpSample = "836817770461746F6D6D0000000668C3A96C6C6F6C00000002610161027708696D70726F7065726B0003737472612A62FFFFFFFB620000012C6E09000000000000000000406E260100000000000000000000000000000000000000000000000000000000000000000000000000104640091EB851EB851F740000000277016161016D000000016B6C000000017701786A4D000000030401023058770978313836313440766D00000009000000006B02651A5A0003770978313836313440766D6B02651A00035E0B65340001FC1F9BAA59770978313836313440766D000000006B02651A71770665726C616E6777046E6F64656100700000009301065361AA461590D1BDF1EB62D1A6EB080000002A00000001770865726C5F6576616C612A6200329B0D58770978313836313440766D00000009000000006B02651A680661016A77046E6F6E6577046E6F6E6574000000006C0000000168057706636C6175736561016C000000016803770376617261017701586A6A6C000000016803770376617261017701586A6A7704D096D09668006A6C0000012C610161026103610461056106610761086109610A610B610C610D610E610F6110611161126113611461156116611761186119611A611B611C611D611E611F6120612161226123612461256126612761286129612A612B612C612D612E612F6130613161326133613461356136613761386139613A613B613C613D613E613F6140614161426143614461456146614761486149614A614B614C614D614E614F6150615161526153615461556156615761586159615A615B615C615D615E615F6160616161626163616461656166616761686169616A616B616C616D616E616F6170617161726173617461756176617761786179617A617B617C617D617E617F6180618161826183618461856186618761886189618A618B618C618D618E618F6190619161926193619461956196619761986199619A619B619C619D619E619F61A061A161A261A361A461A561A661A761A861A961AA61AB61AC61AD61AE61AF61B061B161B261B361B461B561B661B761B861B961BA61BB61BC61BD61BE61BF61C061C161C261C361C461C561C661C761C861C961CA61CB61CC61CD61CE61CF61D061D161D261D361D461D561D661D761D861D961DA61DB61DC61DD61DE61DF61E061E161E261E361E461E561E661E761E861E961EA61EB61EC61ED61EE61EF61F061F161F261F361F461F561F661F761F861F961FA61FB61FC61FD61FE61FF6200000100620000010162000001026200000103620000010462000001056200000106620000010762000001086200000109620000010A620000010B620000010C620000010D620000010E620000010F6200000110620000011162000001126200000113620000011462000001156200000116620000011762000001186200000119620000011A620000011B620000011C620000011D620000011E620000011F6200000120620000012162000001226200000123620000012462000001256200000126620000012762000001286200000129620000012A620000012B620000012C6A6C0000000262000003E862000007D06A6900000100610161026103610461056106610761086109610A610B610C610D610E610F6110611161126113611461156116611761186119611A611B611C611D611E611F6120612161226123612461256126612761286129612A612B612C612D612E612F6130613161326133613461356136613761386139613A613B613C613D613E613F6140614161426143614461456146614761486149614A614B614C614D614E614F6150615161526153615461556156615761586159615A615B615C615D615E615F6160616161626163616461656166616761686169616A616B616C616D616E616F6170617161726173617461756176617761786179617A617B617C617D617E617F6180618161826183618461856186618761886189618A618B618C618D618E618F6190619161926193619461956196619761986199619A619B619C619D619E619F61A061A161A261A361A461A561A661A761A861A961AA61AB61AC61AD61AE61AF61B061B161B261B361B461B561B661B761B861B961BA61BB61BC61BD61BE61BF61C061C161C261C361C461C561C661C761C861C961CA61CB61CC61CD61CE61CF61D061D161D261D361D461D561D661D761D861D961DA61DB61DC61DD61DE61DF61E061E161E261E361E461E561E661E761E861E961EA61EB61EC61ED61EE61EF61F061F161F261F361F461F561F661F761F861F961FA61FB61FC61FD61FE61FF6200000100";

    // The same term with [compressed].
    private const string OtpSampleCompressed = "83500000068D789CEDD4795454551CC0F1F7E60DC38C88E08228CAE2868A94A268EE6125A6E59695A8A57ED197C330CCE0803C32535369534B53D1A22CAD2C29CDADDCCBADDC0DDC5A2C97DCC5DD4A0B15DF6F3C9E63E7E839FDAFF78FCFB9E777EF7DBFFBBBE7DEE70C37AC647B33321445B139D7CF75BBBD6EB36B41C562D8D332327DDE4CDD97AE6859D93EE252CBCACA4A5315458DF738945B2DC913AB2AFFA785262739A296F52CC98BCE9614860AAAE455D325A56AA8B9AEAE6647B3AA962629862337A1658B84C4A41C99E2CF966ED123FA2ADA6D231251B4FE417AA2A25E8D2E28ECF3DF55FE15430D9BEE73E31962583DDEC13A4AA6393045B5F5A230396C52F1EA0B25A9C5734AEC6630CEBF0BBB397B809E83DB2C57695A107CB79D386DA82EF9A647BFA914A5F82B710618B6416E8665E9A837039AA1E5E0C3AC31C5E5BA43C8B016E517E53B151953E3E5F0D1B012808D40EC38284710E509A602218452914A54A60A6154259C6A5427821AD4249228A289A116B5A9435DEA114B7D1AD090381A11CF033C48639A9040539A9148735AF0102D69456BDAD09676B4E76192E8C0233CCA637424994E3C4E67BAF0044FD2956E74A7073D798A5E3CCD333C4B6F52E8435FFAF11CCFD39F010C045219C460745E60084ED270916E9E68061EBC6432D42C3C8B6C869183412E2F329C9718C1CB8C6414A37985318C651C79BCCA6BBCCE1BBCC978263091B7789B494CE61DA6309569E4339D19BCCB7B14F03E1F30930FF98859CCE6633EE153E6F0199F339742BEE04BE6319FAF58C04216B198257CCD372C6519CB59C14A56B19A6FF98E35AC651DEBD9C0F7FCC04636B1992D6C651BDBD9C18F1451CC4E76B19B3DECE5277EE6177E651FBFF13BFB39C0410EF1078739C2518E719C139CE414259CE60C6739C7792E70914BFCC95FFCCD65AEF00FFF52CA55AE719D32795F8AA00A164113AC428060130205BBE010CA094142792158A8208408A14245A1925059A8228409558570A19A505D88106A08358548214A881662845A426DA18E5057A827C40AF585064243214E68E4FF77F81F80D4A59D30092C72A549C5F72FFD3D7FE96F00784A38A9";

    [Fact]
    public void Bytes_from_OTP_decode_and_reencode_identically()
    {
        var bytes = Convert.FromHexString(OtpSample);
        Assert.True(Etf.TryDecode(bytes, out var term, out var error), error?.ToString());
        Assert.Equal(bytes, Etf.Encode(term));
        var t = Assert.IsType<ErlTuple>(term);
        Assert.Equal(new ErlAtom("atom"), t[0]);
        Assert.Equal(new ErlBinary("h\u00e9llo"u8.ToArray()), t[1]);
        var improper = Assert.IsType<ErlList>(t[2]);
        Assert.False(improper.IsProper);
        Assert.Equal(new ErlAtom("improper"), improper.Tail);
        Assert.Equal("str", ((ErlList)t[3]).AsString());
        Assert.Equal(new ErlInteger(-5), t[5]);
        Assert.Equal(new ErlInteger(BigInteger.One << 70), t[7]);
        Assert.Equal(new ErlInteger(-(BigInteger.One << 300)), t[8]);
        Assert.Equal(new ErlFloat(3.14), t[9]);
        Assert.Equal(new ErlInteger(1), ((ErlMap)t[10])[new ErlAtom("a")]);
        Assert.Equal(new ErlBinary([1, 2, 3 << 4], 4), t[11]);
        Assert.IsType<ErlPid>(t[12]);
        Assert.IsType<ErlRef>(t[13]);
        Assert.IsType<ErlPort>(t[14]);
        Assert.True(Assert.IsType<ErlFun>(t[15]).IsExport);
        Assert.False(Assert.IsType<ErlFun>(t[16]).IsExport);
        Assert.Equal(new ErlAtom("\u0416\u0416"), t[17]);
        Assert.Equal(256, ((ErlTuple)t[22]).Arity);
    }

    [Fact]
    public void Compressed_terms_inflate_to_the_same_term()
    {
        Assert.True(Etf.TryDecode(Convert.FromHexString(OtpSampleCompressed), out var compressed, out var error), error?.ToString());
        Assert.True(Etf.TryDecode(Convert.FromHexString(OtpSample), out var plain, out _));
        Assert.Equal(plain, compressed);
    }

    [Fact]
    public void Compressed_term_declaring_more_than_the_limit_is_rejected()
    {
        byte[] bytes = [131, 80, 0xFF, 0xFF, 0xFF, 0xFF, 0x78, 0x9C];
        Assert.False(Etf.TryDecode(bytes, out _, out var error, new EtfLimits(MaxUncompressedSize: 1024)));
        Assert.Contains("limit", error!.Reason);
    }

    [Fact]
    public void Every_term_decodes_back_to_itself() =>
        Prop.ForAll(Arb.From(TermGen.Terms()), term =>
        {
            var bytes = Etf.Encode(term);
            return Etf.TryDecode(bytes, out var decoded, out _) && decoded.Equals(term) && Etf.Encode(decoded).AsSpan().SequenceEqual(bytes);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Random_bytes_never_throw() =>
        Prop.ForAll<byte[]>(bytes =>
        {
            Etf.TryDecode([131, .. bytes], out _, out _);
            Etf.TryDecode(bytes, out _, out _);
            return true;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Truncated_and_mutated_encodings_fail_cleanly_or_decode() =>
        Prop.ForAll(Arb.From(TermGen.Terms()), ArbMap.Default.ArbFor<int>(), (term, seed) =>
        {
            var bytes = Etf.Encode(term);
            var random = new Random(seed);
            var cut = random.Next(1, bytes.Length);
            var ok = !Etf.TryDecode(bytes.AsSpan(0, cut), out _, out var error) && error is not null && error.Offset <= cut;
            bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
            if (!Etf.TryDecode(bytes, out _, out error))
                ok &= error is not null;
            return ok;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Deep_nesting_is_rejected_not_overflowed()
    {
        var bytes = new List<byte> { 131 };
        for (var i = 0; i < 100_000; i++)
            bytes.AddRange([104, 1]);
        bytes.Add(106);
        Assert.False(Etf.TryDecode(bytes.ToArray(), out _, out var error));
        Assert.Contains("nesting", error!.Reason);
    }

    [Fact]
    public void Huge_declared_lengths_fail_before_allocating()
    {
        Assert.False(Etf.TryDecode([131, 108, 0x7F, 0xFF, 0xFF, 0xFF, 106], out _, out var list));
        Assert.Contains("exceeds", list!.Reason);
        Assert.False(Etf.TryDecode([131, 116, 0xFF, 0xFF, 0xFF, 0xFF], out _, out var map));
        Assert.Contains("exceeds", map!.Reason);
        Assert.False(Etf.TryDecode([131, 109, 0xFF, 0xFF, 0xFF, 0xFF, 1], out _, out var binary));
        Assert.Equal(6, binary!.Offset);
    }

    [Fact]
    public void Improper_gen_call_tag_round_trips()
    {
        // gen_call's reply tag since OTP 24 (erl_dist_protocol; net_adm:ping's is_auth call uses it).
        var tag = new ErlList([new ErlAtom("alias")], new ErlRef("a@h", 7, [1, 2, 3]));
        Assert.True(Etf.TryDecode(Etf.Encode(tag), out var back, out _));
        Assert.Equal(tag, back);
        Assert.Equal("[alias|#Ref<a@h.3.2.1>]", back.ToString());
    }

    [Fact]
    public void Latin1_atoms_decode_like_utf8_atoms()
    {
        Assert.True(Etf.TryDecode([131, 100, 0, 2, 0xE9, 0x74], out var latin, out _));
        Assert.True(Etf.TryDecode([131, 119, 3, 0xC3, 0xA9, 0x74], out var utf8, out _));
        Assert.Equal(latin, utf8);
    }

    [Fact]
    public void Invalid_utf8_atom_is_an_error()
    {
        Assert.False(Etf.TryDecode([131, 119, 2, 0xC3, 0x28], out _, out var error));
        Assert.Contains("UTF-8", error!.Reason);
    }

    [Fact]
    public void Map_equality_ignores_pair_order()
    {
        var a = new ErlMap([new(new ErlAtom("a"), 1), new(new ErlAtom("b"), 2)]);
        var b = new ErlMap([new(new ErlAtom("b"), 2), new(new ErlAtom("a"), 1)]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Every_term_decodes_back_to_itself_when_its_binaries_share_the_input() =>
        Prop.ForAll(Arb.From(WithLargeBinary()), term =>
        {
            var bytes = Etf.Encode(term);
            return Etf.TryDecodePrefixShared(bytes, out var decoded, out var used, out _) && used == bytes.Length && decoded.Equals(term);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Corrupted_terms_with_large_binaries_never_throw_when_sharing() =>
        Prop.ForAll(Arb.From(WithLargeBinary()), ArbMap.Default.ArbFor<int>(), (term, seed) =>
        {
            var bytes = Etf.Encode(term);
            var random = new Random(seed);
            for (var k = 0; k < 4; k++)
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            Etf.TryDecodePrefixShared(bytes, out _, out _, out _);
            Etf.TryDecodePrefixShared(bytes.AsMemory(0, random.Next(bytes.Length)), out _, out _, out _);
            return true;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Shared_decoding_slices_binaries_above_the_heap_binary_size_and_copies_the_rest()
    {
        var bytes = Etf.Encode(new ErlTuple(new ErlBinary(new byte[64]), new ErlBinary(new byte[65]), new ErlBinary([1, 2, 3 << 4], 4)));
        Assert.True(Etf.TryDecodePrefixShared(bytes, out var term, out _, out _));
        var t = (ErlTuple)term;
        Assert.False(SharesInput((ErlBinary)t[0], bytes));
        Assert.True(SharesInput((ErlBinary)t[1], bytes));
        Assert.False(SharesInput((ErlBinary)t[2], bytes));
        Assert.Equal(new ErlBinary([1, 2, 3 << 4], 4), t[2]);
    }

    private static bool SharesInput(ErlBinary binary, byte[] input) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(binary.Bytes, out var segment) && ReferenceEquals(segment.Array, input);

    private static Gen<Term> WithLargeBinary() =>
        from term in TermGen.Terms()
        from size in Gen.Choose(0, 70_000)
        from seed in ArbMap.Default.GeneratorFor<int>()
        select (Term)new ErlTuple(term, new ErlBinary(RandomBytes(size, seed)), term);

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
