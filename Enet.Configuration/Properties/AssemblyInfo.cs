using System.Runtime.CompilerServices;

// The tokenizer, parser and resolver are tested directly.
[assembly: InternalsVisibleTo("Enet.Tests")]
