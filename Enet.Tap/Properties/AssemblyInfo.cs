using System.Runtime.CompilerServices;

// VirtioNetHeader's checksum completion is tested on crafted frames, without a TAP.
[assembly: InternalsVisibleTo("Enet.Tests")]
