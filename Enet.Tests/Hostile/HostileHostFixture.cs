namespace Enet.Tests.Hostile;

/// <summary>
/// One <see cref="HostileHost"/> for the hostile-traffic tests of a class, started by the first test that has its
/// prerequisites (so a machine without root skips instead of failing in the fixture), and started again if an
/// attack killed it or left it deaf, so one crash fails one test and the next attack still has a host to hit.
/// </summary>
public sealed class HostileHostFixture : IDisposable
{
    private HostileHost? _host;

    public HostileHost Host
    {
        get
        {
            if (_host is { HasExited: true })
            {
                _host.Dispose();
                _host = null;
            }
            return _host ??= new HostileHost();
        }
    }

    /// <summary>A fresh host in place of one that stopped answering.</summary>
    public HostileHost Restart()
    {
        _host?.Dispose();
        _host = new HostileHost();
        return _host;
    }

    public void Dispose() => _host?.Dispose();
}
