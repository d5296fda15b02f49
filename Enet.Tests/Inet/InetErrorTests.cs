using Enet.Actors.Inet;
using Xunit;

namespace Enet.Tests.Inet;

using Inet = Enet.Actors.Inet.Inet;

/// <summary>inet:format_error/1 texts as OTP 25 prints them.</summary>
public class InetErrorTests
{
    [Theory]
    [InlineData(Posix.Eaddrinuse, "eaddrinuse", "address already in use")]
    [InlineData(Posix.Eaddrnotavail, "eaddrnotavail", "can't assign requested address")]
    [InlineData(Posix.Eacces, "eacces", "permission denied")]
    [InlineData(Posix.Einval, "einval", "invalid argument")]
    [InlineData(Posix.Emsgsize, "emsgsize", "message too long")]
    [InlineData(Posix.Enotconn, "enotconn", "socket is not connected")]
    [InlineData(Posix.Econnrefused, "econnrefused", "connection refused")]
    [InlineData(Posix.Econnreset, "econnreset", "connection reset by peer")]
    [InlineData(Posix.Ehostunreach, "ehostunreach", "host is unreachable")]
    [InlineData(Posix.Enetunreach, "enetunreach", "network is unreachable")]
    [InlineData(Posix.Eafnosupport, "eafnosupport", "address family not supported by protocol family")]
    [InlineData(Posix.Enobufs, "enobufs", "no buffer space available")]
    [InlineData(Posix.Emfile, "emfile", "too many open files")]
    [InlineData(Posix.Etimedout, "etimedout", "connection timed out")]
    [InlineData(Posix.Eperm, "eperm", "not owner")]
    [InlineData(Posix.Enoprotoopt, "enoprotoopt", "bad proocol option")]
    [InlineData(Posix.Enolink, "enolink", "link has be severed")]
    [InlineData(Posix.Esuccess, "esuccess", "Error 0")]
    [InlineData(Posix.Nxdomain, "nxdomain", "non-existing domain")]
    [InlineData(Posix.Exbadport, "exbadport", "invalid port state")]
    [InlineData(Posix.Exbadseq, "exbadseq", "bad command sequence")]
    [InlineData(Posix.SystemLimit, "system_limit", "a system limit was hit, probably not enough ports")]
    [InlineData(Posix.Timeout, "timeout", "unknown POSIX error")]
    [InlineData(Posix.Closed, "closed", "unknown POSIX error")]
    public void Format_error_gives_inets_text(Posix reason, string atom, string text)
    {
        Assert.Equal(atom, Inet.Atom(reason));
        Assert.Equal(text, Inet.FormatError(reason));
        Assert.Equal(text, Inet.FormatError(atom));
    }

    [Fact]
    public void Format_error_of_an_atom_inet_does_not_know_is_unknown()
    {
        Assert.Equal("unknown POSIX error", Inet.FormatError("foo"));
        Assert.False(Inet.TryParsePosix("foo", out _));
    }

    [Fact]
    public void Every_reason_has_an_atom_that_reads_back()
    {
        foreach (var reason in Enum.GetValues<Posix>())
        {
            Assert.True(Inet.TryParsePosix(Inet.Atom(reason), out var back));
            Assert.Equal(reason, back);
            Assert.False(string.IsNullOrEmpty(Inet.FormatError(reason)));
        }
    }
}
