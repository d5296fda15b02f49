using Xunit;

namespace Enet.Tests;

/// <summary>
/// The tests that install a logger as Serilog's process-wide <c>Log.Logger</c>, which Akka's Serilog bridge writes
/// to: the logging tests, and the commands run in-process (run, demo), which install their console logger. They run
/// one at a time, or one test's events go to another's sink (stability round 4 of session 10 lost an event so).
/// </summary>
[CollectionDefinition(Name)]
public sealed class SerilogLoggerCollection
{
    public const string Name = "Serilog Log.Logger";
}
