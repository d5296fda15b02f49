using Enet.Configuration;
using Xunit;

namespace Enet.Tests.Configuration;

/// <summary>
/// Lightbend's own test resources (see shared/data/hocon-lightbend/README.md): the equivalence folders,
/// and the <c>test*.conf</c> files with the values upstream's ConfigTest.scala asserts.
/// </summary>
public class LightbendConformanceTests
{
    private static Config Parse(string relative) => ConfigurationFactory.ParseFile(ConformanceData.File(relative), useEnvironment: false);

    /// <summary>Every top-level file but original.json in equiv01..05 (sub-folders are include targets).</summary>
    public static TheoryData<string> EquivalenceFiles()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Enumerable.Range(1, 5).Select(i => $"equiv0{i}"))
        {
            foreach (var file in Directory.GetFiles(Path.Combine(ConformanceData.Resources, folder)).Order())
            {
                var name = Path.GetFileName(file);
                if (name != "original.json" && (name.EndsWith(".conf", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal)))
                    data.Add($"{folder}/{name}");
            }
        }

        return data;
    }

    [ConformanceFact]
    public void The_equivalence_suite_has_fifteen_cases_in_five_folders() =>
        Assert.Equal(15, EquivalenceFiles().Count<object[]>());

    [ConformanceTheory]
    [MemberData(nameof(EquivalenceFiles))]
    public void Equivalence_file_resolves_to_its_folders_original_json(string relative)
    {
        var expected = File.ReadAllText(Path.Combine(Path.GetDirectoryName(ConformanceData.File(relative))!, "original.json"));
        HoconAssert.EquivalentToJson(expected, Parse(relative).Root);
    }

    [ConformanceTheory]
    [MemberData(nameof(EquivalenceFiles))]
    public void Equivalence_file_gives_the_same_result_when_read_as_hocon_text(string relative)
    {
        var file = ConformanceData.File(relative);
        if (!relative.EndsWith(".json", StringComparison.Ordinal))
            return;
        var expected = File.ReadAllText(Path.Combine(Path.GetDirectoryName(file)!, "original.json"));
        HoconAssert.EquivalentToJson(expected, ConfigurationFactory.ParseString(File.ReadAllText(file), useEnvironment: false).Root);
    }

    /// <summary>
    /// Files that do not resolve alone, upstream included: an include cycle, include inside an array, an
    /// undefined substitution, and a fragment whose <c>${bar}</c> only exists in the file including it.
    /// </summary>
    private static readonly string[] KnownInvalid =
        ["cycle.conf", "include-from-list.conf", "test13-reference-bad-substitutions.conf", "test03-included.conf"];

    public static TheoryData<string> AllResourceFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(ConformanceData.Resources, "*", SearchOption.AllDirectories).Order())
        {
            var relative = Path.GetRelativePath(ConformanceData.Resources, file).Replace('\\', '/');
            if (Path.GetExtension(file) is ".conf" or ".json" or ".properties" && !KnownInvalid.Contains(relative))
                data.Add(relative);
        }

        return data;
    }

    [ConformanceTheory]
    [MemberData(nameof(AllResourceFiles))]
    public void Every_other_resource_file_parses_and_resolves(string relative) => Assert.NotNull(Parse(relative).Root);

    [ConformanceFact]
    public void Test07_and_test08_classpath_includes_of_an_absent_resource_are_ignored()
    {
        Assert.True(Parse("test07.conf").IsEmpty);
        Assert.True(Parse("test08.conf").IsEmpty);
    }

    [ConformanceFact]
    public void Bom_file_parses() => Assert.Equal("bar", Parse("bom.conf").GetString("foo"));

    [ConformanceFact]
    public void Cycle_file_including_itself_is_a_clear_error_not_a_hang()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("cycle.conf"));
        Assert.Contains("cycle", error.Reason);
        Assert.EndsWith("cycle.conf", error.File);
        Assert.Equal(1, error.Line);
        Assert.Equal(1, error.Column);
    }

    [ConformanceFact]
    public void Test01_scalars_substitutions_and_concatenation()
    {
        var config = Parse("test01.conf");
        Assert.Equal(42, config.GetInt("ints.fortyTwo"));
        Assert.Equal(42, config.GetInt("ints.fortyTwoAgain"));
        Assert.Equal(42.1, config.GetDouble("floats.fortyTwoPointOne"));
        Assert.Equal(42.1, config.GetDouble("floats.fortyTwoPointOneAgain"));
        Assert.Equal(ConfigValueType.String, config.GetValue("floats.pointThirtyThree").Type);
        Assert.Equal(0.33, config.GetDouble("floats.pointThirtyThree"));
        Assert.Equal(0.33, config.GetDouble("floats.pointThirtyThreeAgain"));
        Assert.Equal("abcd", config.GetString("strings.abcdAgain"));
        Assert.Equal("null bar 42 baz true 3.14 hi", config.GetString("strings.concatenated"));
        Assert.Equal(3.14, config.GetDouble("strings.double"));
        Assert.Equal(57, config.GetInt("strings.number"));
        Assert.True(config.GetBoolean("strings.true"));
        Assert.True(config.GetBoolean("strings.yes"));
        Assert.False(config.GetBoolean("strings.false"));
        Assert.False(config.GetBoolean("strings.no"));
        Assert.Equal("null", config.GetString("strings.null"));
        Assert.True(config.GetBoolean("booleans.trueAgain"));
        Assert.False(config.GetBoolean("booleans.falseAgain"));
        Assert.False(config.HasPath("nulls.null"));
        Assert.Equal(ConfigValueType.Null, config.GetValue("nulls.nullAgain").Type);
    }

    [ConformanceFact]
    public void Test01_typed_lists_including_empty_list_as_any_type()
    {
        var config = Parse("test01.conf");
        Assert.Empty(config.GetIntList("arrays.empty"));
        Assert.Empty(config.GetStringList("arrays.empty"));
        Assert.Empty(config.GetConfigList("arrays.empty"));
        Assert.Equal([1, 2, 3], config.GetIntList("arrays.ofInt"));
        Assert.Equal(["a", "b", "c"], config.GetStringList("arrays.ofString"));
        Assert.Equal([3.14, 4.14, 5.14], config.GetDoubleList("arrays.ofDouble"));
        Assert.Equal([true, false], config.GetBooleanList("arrays.ofBoolean"));
        Assert.All((ConfigList)config.GetValue("arrays.ofNull"), v => Assert.Equal(ConfigValueType.Null, v.Type));
        var ofArray = (ConfigList)config.GetValue("arrays.ofArray");
        Assert.Equal(3, ofArray.Count);
        Assert.All(ofArray, v => Assert.Equal(3, ((ConfigList)v).Count));
        var ofObject = config.GetConfigList("arrays.ofObject");
        Assert.Equal(42, ofObject[0].GetInt("fortyTwo"));
        Assert.True(ofObject[1].GetBoolean("true"));
        Assert.Equal("abcd", ofObject[2].GetString("abcd"));
        Assert.Equal(["a", "b"], config.GetStringList("arrays.firstElementNotASubst"));
    }

    [ConformanceFact]
    public void Test01_durations_and_memory_sizes()
    {
        var config = Parse("test01.conf");
        Assert.Equal(TimeSpan.FromSeconds(1), config.GetDuration("durations.second"));
        Assert.Equal(new[] { 1, 2, 3, 4 }.Select(s => TimeSpan.FromSeconds(s)), config.GetDurationList("durations.secondsList"));
        Assert.Equal(TimeSpan.FromSeconds(1), config.GetDuration("durations.secondAsNumber"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.GetDuration("durations.halfSecond"));
        Assert.Equal(TimeSpan.FromMilliseconds(1), config.GetDuration("durations.millis"));
        Assert.Equal(TimeSpan.FromMilliseconds(2), config.GetDuration("durations.micros"));
        Assert.Equal(TimeSpan.FromTicks(4878955355435272204 / 100), config.GetDuration("durations.largeNanos"));
        Assert.Equal(TimeSpan.FromTicks(4878955355435272204 / 100), config.GetDuration("durations.plusLargeNanos"));
        Assert.Equal(TimeSpan.FromTicks(-4878955355435272204 / 100), config.GetDuration("durations.minusLargeNanos"));
        Assert.Equal(TimeSpan.FromDays(1), config.GetDuration("periods.day"));
        Assert.Equal(1024 * 1024, config.GetBytes("memsizes.meg"));
        Assert.Equal([1024 * 1024, 1024 * 1024, 1024L * 1024], config.GetBytesList("memsizes.megsList"));
        Assert.Equal(1024 * 1024, config.GetBytes("memsizes.megAsNumber"));
        Assert.Equal(512 * 1024, config.GetBytes("memsizes.halfMeg"));
        Assert.Throws<ConfigException>(() => config.GetBytes("memsizes.yottabyte"));
    }

    [ConformanceFact]
    public void Test01_system_fallbacks_are_absent_without_the_environment()
    {
        var config = Parse("test01.conf");
        Assert.False(config.HasPath("system.javaversion"));
        Assert.False(config.HasPath("system.home"));
        // HOCON.md "Substitutions": an undefined optional part of a string concatenation is an empty string.
        Assert.Equal("Your Java version is  and your user.home is ", config.GetString("system.concatenated"));
    }

    [ConformanceFact]
    public void Test02_weird_paths()
    {
        var config = Parse("test02.conf");
        Assert.Equal(42, config.GetInt("\"\".\"\".\"\""));
        Assert.Equal(42, config.GetInt("42_a"));
        Assert.Equal(42, config.GetInt("42_b"));
        Assert.Equal(57, config.GetInt("57_a"));
        Assert.Equal(57, config.GetInt("57_b"));
        Assert.Equal(103, config.GetInt("103_a"));
        Assert.Equal(57, config.GetInt("a.b.c"));
        Assert.Equal(103, config.GetInt("\"a.b.c\""));
        Assert.Equal(259, config.GetInt("a-c"));
        Assert.Equal(260, config.GetInt("a_c"));
        Assert.Equal(261, config.GetInt("\"-\""));
    }

    [ConformanceFact]
    public void Test03_includes_inside_objects_merge_and_substitute_from_the_include_point_first()
    {
        var config = Parse("test03.conf");
        Assert.Equal(42, config.GetInt("test01.ints.fortyTwo"));
        Assert.Equal(42, config.GetInt("test01.booleans"));
        Assert.Equal("abc", config.GetString("test01.fromProps.abc"));
        Assert.Equal(1, config.GetInt("test01.fromJson1"));
        Assert.Equal(42, config.GetInt("test02.\"\".\"\".\"\""));
        Assert.Equal(42, config.GetInt("equiv01.ints.fortyTwo"));
        Assert.True(config.GetConfig("nonexistent").IsEmpty);
        Assert.Equal("This is in the included file", config.GetString("foo"));
        Assert.Equal("This is in the included file", config.GetString("a"));
        Assert.Equal("This is in the including file", config.GetString("b"));
        Assert.Equal("This is in the included file", config.GetString("subtree.a"));
        Assert.Equal("This is in the including file", config.GetString("subtree.b"));
    }

    [ConformanceFact]
    public void Test04_akka_reference_parses_with_slashes_in_quoted_keys()
    {
        var config = Parse("test04.conf");
        Assert.False(config.IsEmpty);
        Assert.Contains(config.AsEnumerable(), e => e.Key.Contains("/app/service-ping", StringComparison.Ordinal));
    }

    [ConformanceFact]
    public void Test05_play_application_conf_with_percent_keys()
    {
        var config = Parse("test05.conf");
        Assert.Equal("dev", config.GetString("application.mode"));
        Assert.Equal("prod", config.GetString("%prod.application.mode"));
        Assert.Equal("Yet Another Blog Engine", config.GetString("application.name"));
    }

    [ConformanceFact]
    public void Test06_merges_through_substitutions()
    {
        var config = Parse("test06.conf");
        Assert.Equal(2, config.GetInt("x"));
        Assert.Equal(10, config.GetInt("y.foo"));
        Assert.Equal("world", config.GetString("y.hello"));
    }

    [ConformanceFact]
    public void Test09_and_test10_delayed_merges_also_when_included_inside_objects()
    {
        var test09 = Parse("test09.conf");
        Assert.Equal(3, test09.GetInt("a.c"));
        Assert.Equal(10, test09.GetInt("a.q"));
        Assert.Equal(5, test09.GetInt("b"));
        Assert.Equal(600, test09.GetInt("c.d"));
        Assert.Equal(10, test09.GetInt("c.q"));
        var test10 = Parse("test10.conf");
        foreach (var prefix in new[] { "foo", "bar.nested" })
        {
            Assert.Equal(3, test10.GetInt(prefix + ".a.c"));
            Assert.Equal(10, test10.GetInt(prefix + ".a.q"));
            Assert.Equal(5, test10.GetInt(prefix + ".b"));
            Assert.Equal(600, test10.GetInt(prefix + ".c.d"));
        }
    }

    [ConformanceFact]
    public void Test11_and_test12_numeric_looking_keys_parse()
    {
        Assert.False(Parse("test11.conf").IsEmpty);
        Assert.False(Parse("test12.conf").IsEmpty);
    }

    [ConformanceFact]
    public void Test13_application_overrides_feed_reference_substitutions()
    {
        var reference = ConfigurationFactory.ParseFile(ConformanceData.File("test13-reference-with-substitutions.conf"), useEnvironment: false);
        Assert.Equal("b", reference.GetString("a"));
        var merged = ConfigurationFactory.ParseString(
            File.ReadAllText(ConformanceData.File("test13-reference-with-substitutions.conf")) + "\n"
            + File.ReadAllText(ConformanceData.File("test13-application-override-substitutions.conf")), useEnvironment: false);
        Assert.Equal("overridden", merged.GetString("a"));
        Assert.Throws<ConfigException>(() => Parse("test13-reference-bad-substitutions.conf"));
    }

    [ConformanceFact]
    public void File_include_relative_to_the_including_file_with_and_without_file()
    {
        var config = Parse("file-include.conf");
        Assert.Equal(41, config.GetInt("base"));
        Assert.Equal(42, config.GetInt("foo"));
        Assert.Equal(43, config.GetInt("bar"));
        Assert.Equal(44, config.GetInt("bar-file"));
        Assert.Equal(45, config.GetInt("baz"));
    }

    [ConformanceFact]
    public void Include_inside_an_array_is_a_clear_error_as_upstream()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("include-from-list.conf"));
        Assert.Contains("array", error.Reason);
    }

    [ConformanceFact]
    public void Env_variables_file_keeps_earlier_values_when_variables_are_unset()
    {
        var config = Parse("env-variables.conf");
        Assert.Equal("a", config.GetString("secret"));
        Assert.Empty(config.GetStringList("secrets"));
    }
}
