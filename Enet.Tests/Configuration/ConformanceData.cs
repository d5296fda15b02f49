namespace Enet.Tests.Configuration;

/// <summary>
/// Lightbend's HOCON test resources, kept beside the repository at <c>&lt;repo&gt;/../shared/data</c>.
/// Found by walking up from the test binaries. Missing data skips the tests locally but fails them
/// when CI=true, so CI can never pass by not running them.
/// </summary>
internal static class ConformanceData
{
    private static readonly string Location = Path.Combine(TestEnvironment.SharedData, "hocon-lightbend", "resources");

    public static string? Find() => Directory.Exists(Location) ? Location : null;

    /// <summary>Why conformance tests are skipped, or null when they must run.</summary>
    public static string? SkipReason => Find() is null && !TestEnvironment.IsCi
        ? $"Lightbend conformance data not found ({Location}); set CI=true to make this a failure"
        : null;

    public static string Resources => Find()
        ?? throw new InvalidOperationException($"CI=true but Lightbend conformance data is missing: no {Location}");

    public static string File(string relative) => Path.Combine(Resources, relative);
}
