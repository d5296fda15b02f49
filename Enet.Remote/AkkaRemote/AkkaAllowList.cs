using Akka.Actor;

namespace Enet.Remote.AkkaRemote;

/// <summary>
/// net_kernel:allow/1 for Akka.Remote, shared by the kernel (<see cref="AkkaNetKernel.AllowAsync"/>) and the transport's
/// gate (<see cref="AllowGate"/>), which enforces it before the Akka handshake completes. It starts from
/// <c>enet.remote.allow</c> when the system starts, so the gate holds from the first association. A node is allowed by
/// its full address (protocol aside: the transport below Akka's protocol layer names it without <c>akka.</c>) or by
/// its host; no list lets every node in.
/// </summary>
public sealed class AkkaAllowList : IExtension
{
    private readonly Lock gate = new();

    /// <summary><c>system@host:port</c> for an address entry, the entry itself for a host; null lets every node in.</summary>
    private volatile HashSet<string>? keys;

    private long refused;

    public AkkaAllowList(ExtendedActorSystem system)
    {
        var config = system.Settings.Config;
        var configured = config.HasPath("enet.remote.allow") ? config.GetStringList("enet.remote.allow") : [];
        if (configured.Count > 0)
            Allow(configured);
    }

    public static AkkaAllowList Get(ActorSystem system) => system.WithExtension<AkkaAllowList, AkkaAllowListProvider>();

    /// <summary>Associations the gate refused: inbound ones from unlisted nodes, outbound ones to them.</summary>
    public long Refused => Interlocked.Read(ref refused);

    /// <summary>From the first call only the listed nodes (Akka addresses or hosts) may associate; additive.</summary>
    public void Allow(IEnumerable<string> nodes)
    {
        lock (gate)
            keys = [.. keys ?? [], .. nodes.Select(Key)];
    }

    public bool IsAllowed(Address node) =>
        keys is not { } allowed || allowed.Contains(Key(node)) || (node.Host is { } host && allowed.Contains(host));

    internal void CountRefused() => Interlocked.Increment(ref refused);

    private static string Key(string entry) =>
        Address.TryParse(entry, out var address) && address.Host is not null && address.Port is not null ? Key(address) : entry;

    private static string Key(Address node) => $"{node.System}@{node.Host}:{node.Port}";
}

/// <summary>The extension's id.</summary>
public sealed class AkkaAllowListProvider : ExtensionIdProvider<AkkaAllowList>
{
    public override AkkaAllowList CreateExtension(ExtendedActorSystem system) => new(system);
}
