namespace Enet.Host.Demo;

/// <summary>What <see cref="DemoScenario"/> runs: how many hosts share the wire, how many echo requests each
/// ping sends, and how much of the traffic the wire loses (drawn from a seeded random source).</summary>
public sealed record DemoOptions
{
    /// <summary>Hosts beyond this would not fit the one-letter names and the table; 16 is plenty for a demo.</summary>
    public const int MaxHosts = 16;

    public int Hosts { get; init; } = 2;

    public int Pings { get; init; } = 3;

    /// <summary>Percentage (0-100) of the frames each host sends that the wire loses.</summary>
    public double LossPercent { get; init; }

    public int Seed { get; init; } = 1;

    public TimeSpan PingInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The first reason these options cannot run, or null.</summary>
    public string? Problem() =>
        Hosts is < 2 or > MaxHosts ? $"--hosts must be between 2 and {MaxHosts}, not {Hosts}" :
        Pings < 1 ? $"--pings must be at least 1, not {Pings}" :
        LossPercent is < 0 or > 100 or double.NaN ? $"--loss must be a percentage between 0 and 100, not {LossPercent}" :
        null;
}
