using System.Runtime.CompilerServices;

// The receive and send fast paths (Ipv4Receive, Ipv4Output, TcpDemux) are tested on their own, with probes for actors.
[assembly: InternalsVisibleTo("Enet.Tests")]
