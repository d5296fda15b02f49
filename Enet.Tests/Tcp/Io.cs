using Akka.Actor;
using Enet.Actors.Inet;
using Enet.Actors.Tcp;
using Enet.Codecs;

namespace Enet.Tests.Tcp;

/// <summary>Akka.IO's TCP commands in the stack's terms (addresses, ports, <see cref="TcpOptions"/>), so the
/// tests read as the exchanges they check.</summary>
internal static class Io
{
    public static Akka.IO.Tcp.Connect Connect(InetAddress address, ushort port, ushort localPort = 0, TimeSpan? timeout = null,
        TcpOptions? options = null, bool pullMode = false) =>
        new(EndPoints.From(address, port), localPort == 0 ? null : EndPoints.From(Ipv4Address.Any, localPort), Options(options), timeout, pullMode);

    public static Akka.IO.Tcp.Bind Bind(IActorRef handler, ushort port, int backlog = 128, TcpOptions? options = null, bool pullMode = false) =>
        new(handler, EndPoints.From(Ipv4Address.Any, port), backlog, Options(options), pullMode);

    /// <summary>A write of <paramref name="data"/> (not copied); a non-null <paramref name="ack"/> comes back as
    /// <see cref="Ack"/> with it as the token.</summary>
    public static Akka.IO.Tcp.Write Write(Bytes data, object? ack = null) =>
        Akka.IO.Tcp.Write.Create(ByteStrings.Wrap(data.Memory), ack is null ? Akka.IO.Tcp.NoAck.Instance : new Ack(ack));

    private static EnetTcpOption[] Options(TcpOptions? options) => options is null ? [] : [new EnetTcpOption(options)];

    /// <summary>A write's acknowledgment, equal to another with the same token.</summary>
    public sealed class Ack(object token) : Akka.IO.Tcp.Event
    {
        public object Token { get; } = token;

        public override bool Equals(object? obj) => obj is Ack other && Equals(Token, other.Token);

        public override int GetHashCode() => Token.GetHashCode();

        public override string ToString() => $"Ack({Token})";
    }
}
