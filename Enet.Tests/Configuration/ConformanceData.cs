namespace Enet.Tests.Configuration;

/// <summary>
/// Lightbend's HOCON test resources, kept beside the repository at <c>&lt;repo&gt;/../shared/data</c>.
/// Found by walking up from the test binaries. Missing data skips the tests locally but fails them
/// when CI=true, so CI can never pass by not running them.
/// </summary>
internal static class ConformanceData
{
    private const string Relative = "shared/data/hocon-lightbend/resources";

    public static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, Relative);
            if (Directory.Exists(candidate))
                return candidate;
        }

        return null;
    }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why conformance tests are skipped, or null when they must run.</summary>
    public static string? SkipReason => Find() is null && !IsCi
        ? $"Lightbend conformance data not found ({Relative} above {AppContext.BaseDirectory}); set CI=true to make this a failure"
        : null;

    public static string Resources => Find()
        ?? throw new InvalidOperationException($"CI=true but Lightbend conformance data is missing: no {Relative} above {AppContext.BaseDirectory}");

    public static string File(string relative) => Path.Combine(Resources, relative);
}
