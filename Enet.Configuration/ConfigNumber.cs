using System.Globalization;

namespace Enet.Configuration;

/// <summary>
/// A number, kept as written: HOCON.md "String value concatenation" asks for the original text when a
/// number is concatenated or used in a path, and JSON output should not round-trip through a double.
/// </summary>
public sealed class ConfigNumber : ConfigValue
{
    public ConfigNumber(ConfigOrigin origin, string text) : base(origin) => Text = text;

    public string Text { get; }

    public override ConfigValueType Type => ConfigValueType.Number;

    public double ToDouble() => double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public override string ToString() => Text;
}
