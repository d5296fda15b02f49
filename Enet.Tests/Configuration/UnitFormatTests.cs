using Enet.Configuration;
using Xunit;

namespace Enet.Tests.Configuration;

/// <summary>HOCON.md "Duration format" and "Size in bytes format", every unit spelling.</summary>
public class UnitFormatTests
{
    private static Config Value(string hocon) => ConfigurationFactory.ParseString("v = " + hocon, useEnvironment: false);

    [Theory]
    [InlineData("100", 100 * TimeSpan.TicksPerMillisecond)]
    [InlineData("\"100\"", 100 * TimeSpan.TicksPerMillisecond)]
    [InlineData("1.5", 15_000L)]
    [InlineData("500ns", 5L)]
    [InlineData("500 nano", 5L)]
    [InlineData("500 nanos", 5L)]
    [InlineData("500 nanosecond", 5L)]
    [InlineData("500 nanoseconds", 5L)]
    [InlineData("3us", 30L)]
    [InlineData("3 micro", 30L)]
    [InlineData("3 micros", 30L)]
    [InlineData("3 microsecond", 30L)]
    [InlineData("3 microseconds", 30L)]
    [InlineData("100 ms", 100 * TimeSpan.TicksPerMillisecond)]
    [InlineData("100milli", 100 * TimeSpan.TicksPerMillisecond)]
    [InlineData("100 millis", 100 * TimeSpan.TicksPerMillisecond)]
    [InlineData("100 millisecond", 100 * TimeSpan.TicksPerMillisecond)]
    [InlineData("100 milliseconds", 100 * TimeSpan.TicksPerMillisecond)]
    [InlineData("5s", 5 * TimeSpan.TicksPerSecond)]
    [InlineData("5 second", 5 * TimeSpan.TicksPerSecond)]
    [InlineData("5 seconds", 5 * TimeSpan.TicksPerSecond)]
    [InlineData("0.5s", TimeSpan.TicksPerSecond / 2)]
    [InlineData("2m", 2 * TimeSpan.TicksPerMinute)]
    [InlineData("2 minute", 2 * TimeSpan.TicksPerMinute)]
    [InlineData("2 minutes", 2 * TimeSpan.TicksPerMinute)]
    [InlineData("3h", 3 * TimeSpan.TicksPerHour)]
    [InlineData("3 hour", 3 * TimeSpan.TicksPerHour)]
    [InlineData("3 hours", 3 * TimeSpan.TicksPerHour)]
    [InlineData("1d", TimeSpan.TicksPerDay)]
    [InlineData("1 day", TimeSpan.TicksPerDay)]
    [InlineData("2 days", 2 * TimeSpan.TicksPerDay)]
    [InlineData("-1s", -TimeSpan.TicksPerSecond)]
    public void Durations_parse_with_every_spec_unit(string hocon, long ticks) =>
        Assert.Equal(TimeSpan.FromTicks(ticks), Value(hocon).GetDuration("v"));

    [Theory]
    [InlineData("5S")]
    [InlineData("5 sec")]
    [InlineData("5 Seconds")]
    [InlineData("s")]
    [InlineData("5 fortnights")]
    [InlineData("true")]
    [InlineData("[1]")]
    public void Durations_reject_other_units_and_types(string hocon) =>
        Assert.Throws<ConfigException>(() => Value(hocon).GetDuration("v"));

    [Theory]
    [InlineData("1024", 1024L)]
    [InlineData("10B", 10L)]
    [InlineData("10b", 10L)]
    [InlineData("10 byte", 10L)]
    [InlineData("10 bytes", 10L)]
    [InlineData("1kB", 1000L)]
    [InlineData("1 kilobyte", 1000L)]
    [InlineData("2 kilobytes", 2000L)]
    [InlineData("64k", 65536L)]
    [InlineData("64K", 65536L)]
    [InlineData("1Ki", 1024L)]
    [InlineData("1KiB", 1024L)]
    [InlineData("1 kibibyte", 1024L)]
    [InlineData("2 kibibytes", 2048L)]
    [InlineData("10MB", 10_000_000L)]
    [InlineData("1 megabyte", 1_000_000L)]
    [InlineData("1 MiB", 1L << 20)]
    [InlineData("1m", 1L << 20)]
    [InlineData("1M", 1L << 20)]
    [InlineData("1Mi", 1L << 20)]
    [InlineData("1 mebibytes", 1L << 20)]
    [InlineData("0.5M", 1L << 19)]
    [InlineData("1GB", 1_000_000_000L)]
    [InlineData("1 gigabyte", 1_000_000_000L)]
    [InlineData("1G", 1L << 30)]
    [InlineData("1g", 1L << 30)]
    [InlineData("1 GiB", 1L << 30)]
    [InlineData("1 gibibyte", 1L << 30)]
    [InlineData("1TB", 1_000_000_000_000L)]
    [InlineData("1 terabytes", 1_000_000_000_000L)]
    [InlineData("1T", 1L << 40)]
    [InlineData("1 tebibyte", 1L << 40)]
    [InlineData("1PB", 1_000_000_000_000_000L)]
    [InlineData("1 petabyte", 1_000_000_000_000_000L)]
    [InlineData("1P", 1L << 50)]
    [InlineData("1 PiB", 1L << 50)]
    [InlineData("1 pebibytes", 1L << 50)]
    [InlineData("1EB", 1_000_000_000_000_000_000L)]
    [InlineData("1 exabyte", 1_000_000_000_000_000_000L)]
    [InlineData("1E", 1L << 60)]
    [InlineData("1 EiB", 1L << 60)]
    [InlineData("1 exbibyte", 1L << 60)]
    public void Sizes_parse_with_powers_of_ten_and_two_as_the_spec_lists(string hocon, long bytes) =>
        Assert.Equal(bytes, Value(hocon).GetBytes("v"));

    [Theory]
    [InlineData("1ZB")]
    [InlineData("1 zebibyte")]
    [InlineData("1Y")]
    [InlineData("1 yottabytes")]
    [InlineData("8 EiB")]
    public void Sizes_beyond_64_bits_are_errors_not_wrapped(string hocon) =>
        Assert.Throws<ConfigException>(() => Value(hocon).GetBytes("v"));

    [Theory]
    [InlineData("1 KB")]
    [InlineData("1 kb")]
    [InlineData("1 mB")]
    [InlineData("1 bits")]
    [InlineData("MB")]
    public void Sizes_reject_spellings_the_spec_does_not_list(string hocon) =>
        Assert.Throws<ConfigException>(() => Value(hocon).GetBytes("v"));
}
