using Enet.TestKit;

namespace Enet.Tests;

/// <summary>A TestKit with a <see cref="VirtualNetwork"/> of Enet hosts on in-memory wires, disposed after the actor
/// system; the base of the scenario tests that build hosts.</summary>
public abstract class NetworkTestKit : EnetTestKit
{
    protected NetworkTestKit(bool useVirtualTime = false) : base(useVirtualTime: useVirtualTime) => Network = new VirtualNetwork(Sys);

    protected VirtualNetwork Network { get; }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Network.Dispose();
    }
}
