namespace Enet.Actors.Icmp;

/// <summary>The ICMP responder's defaults and bounds.</summary>
public sealed record IcmpSettings
{
    public static IcmpSettings Default { get; } = new();

    /// <summary>Time between echo requests of one ping, as Linux ping's -i.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a ping waits for replies after its last request, as Linux ping's -W.</summary>
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Pings running at once; further ones are answered at once with nothing transmitted.</summary>
    public int MaxPings { get; init; } = 64;

    /// <summary>RFC 1122 3.2.2.6: answering echo requests sent to a broadcast address is optional; off by default
    /// as it is on Linux (icmp_echo_ignore_broadcasts), since it turns one packet into a flood.</summary>
    public bool AnswerBroadcastEcho { get; init; }
}
