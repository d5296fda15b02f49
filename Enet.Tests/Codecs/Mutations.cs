namespace Enet.Tests.Codecs;

/// <summary>Hostile inputs for decoder fuzz tests: valid seeds with flipped bytes, cut short, extended, or
/// replaced by random bytes. Seeded, so a failure reproduces.</summary>
internal static class Mutations
{
    public static IEnumerable<byte[]> Of(IReadOnlyList<byte[]> seeds, int count, int seed = 1)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var bytes = (byte[])seeds[random.Next(seeds.Count)].Clone();
            switch (random.Next(5))
            {
                case 0:
                    bytes = new byte[random.Next(0, 96)];
                    random.NextBytes(bytes);
                    break;
                case 1:
                    bytes = bytes[..random.Next(0, bytes.Length + 1)];
                    break;
                case 2:
                    var extra = new byte[random.Next(1, 16)];
                    random.NextBytes(extra);
                    bytes = [.. bytes, .. extra];
                    break;
                default:
                    for (var flips = random.Next(1, 5); flips > 0 && bytes.Length > 0; flips--)
                        bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    break;
            }
            yield return bytes;
        }
    }
}
