using Xunit;

namespace Enet.Tests;

/// <summary>
/// The tests that time a real Linux tool (ping -W, socat) against Enet over a TAP device. They run one at a time,
/// after the parallel tests, so a reply does not miss its deadline because the rest of the suite holds both cores.
/// The distribution attack tests run here too: they measure the process's heap and descriptors, which parallel tests
/// would move.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelInteropCollection
{
    public const string Name = "Kernel interop";
}
