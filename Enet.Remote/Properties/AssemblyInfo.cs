using System.Runtime.CompilerServices;

// The distribution connection's queue and the ETF decoder's sharing mode are tested and measured directly.
[assembly: InternalsVisibleTo("Enet.Tests")]
[assembly: InternalsVisibleTo("Enet.Benchmarks")]
// The EPMD codec is fuzzed directly.
[assembly: InternalsVisibleTo("Enet.Fuzz")]
