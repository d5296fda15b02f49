namespace Enet.TestKit;

/// <summary>A TestKit expectation did not hold; the message says what was expected, what arrived and when.</summary>
public sealed class TestKitAssertionException(string message) : Exception(message);
