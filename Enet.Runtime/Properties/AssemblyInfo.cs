using System.Runtime.CompilerServices;

// The queue and mailbox internals are tested and measured directly.
[assembly: InternalsVisibleTo("Enet.Tests")]
[assembly: InternalsVisibleTo("Enet.Benchmarks")]
