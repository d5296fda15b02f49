using System.Text.Json;
using Enet.Configuration;
using Xunit;

namespace Enet.Tests.Configuration;

/// <summary>Compares resolved HOCON with JSON the way upstream's equivalence suite does: keys unordered, numbers by value.</summary>
internal static class HoconAssert
{
    public static void EquivalentToJson(string expectedJson, ConfigValue actual)
    {
        using var document = JsonDocument.Parse(expectedJson);
        Equivalent(document.RootElement, actual, "$");
    }

    public static void SameAs(string expectedHocon, string actualHocon) =>
        EquivalentToJson(
            ConfigurationFactory.ParseString(expectedHocon, useEnvironment: false).ToString(),
            ConfigurationFactory.ParseString(actualHocon, useEnvironment: false).Root);

    public static void Equivalent(JsonElement expected, ConfigValue actual, string at)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = Assert.IsType<ConfigObject>(actual);
                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).Order().ToList();
                Assert.True(expectedKeys.SequenceEqual(obj.Keys.Order()),
                    $"{at}: keys [{string.Join(", ", obj.Keys.Order())}], expected [{string.Join(", ", expectedKeys)}]");
                foreach (var property in expected.EnumerateObject())
                    Equivalent(property.Value, obj[property.Name], $"{at}.{property.Name}");
                break;
            case JsonValueKind.Array:
                var list = Assert.IsType<ConfigList>(actual);
                var items = expected.EnumerateArray().ToList();
                Assert.True(items.Count == list.Count, $"{at}: {list.Count} elements, expected {items.Count}");
                for (var i = 0; i < items.Count; i++)
                    Equivalent(items[i], list[i], $"{at}[{i}]");
                break;
            case JsonValueKind.Number:
                var number = Assert.IsType<ConfigNumber>(actual);
                Assert.True(expected.GetDouble() == number.ToDouble(), $"{at}: {number.Text}, expected {expected.GetRawText()}");
                break;
            case JsonValueKind.String:
                var s = Assert.IsType<ConfigString>(actual);
                Assert.True(expected.GetString() == s.Value, $"{at}: \"{s.Value}\", expected \"{expected.GetString()}\"");
                break;
            case JsonValueKind.True or JsonValueKind.False:
                Assert.True(expected.GetBoolean() == Assert.IsType<ConfigBoolean>(actual).Value, $"{at}: wrong boolean");
                break;
            case JsonValueKind.Null:
                Assert.IsType<ConfigNull>(actual);
                break;
            default:
                throw new InvalidOperationException($"unexpected JSON {expected.ValueKind}");
        }
    }
}
