using System.Runtime.CompilerServices;

// The queue and mailbox internals are tested and measured directly.
[assembly: InternalsVisibleTo("Enet.Tests")]
[assembly: InternalsVisibleTo("Enet.Benchmarks")]

// Remote actor refs take part in DeathWatch: Context.Watch on one becomes a monitor across nodes.
[assembly: InternalsVisibleTo("Enet.Remote")]
