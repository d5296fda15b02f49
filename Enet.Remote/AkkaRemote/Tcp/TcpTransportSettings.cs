using System.Net;
using Akka.Configuration;

namespace Enet.Remote.AkkaRemote.Tcp;

/// <summary>
/// The keys of <c>akka.remote.dot-netty.tcp</c> that <see cref="EnetTcpTransport"/> honours, read as Akka's DotNetty
/// transport reads them, so a configuration written for Akka keeps its meaning (and its wire: the same frames).
/// </summary>
internal sealed record TcpTransportSettings(
    string Hostname,
    string PublicHostname,
    int Port,
    int? PublicPort,
    int MaxFrameSize,
    TimeSpan ConnectTimeout,
    bool BigEndian,
    bool TcpNoDelay,
    bool TcpKeepAlive,
    int? SendBufferSize,
    int? ReceiveBufferSize,
    int Backlog,
    bool EnableSsl,
    bool DnsUseIpv6,
    long WriteQueueLimit)
{
    /// <summary>Akka's own floor for maximum-frame-size.</summary>
    private const long MinFrameSize = 32000;

    /// <exception cref="ConfigurationException">A size out of range or an unknown byte order.</exception>
    public static TcpTransportSettings From(Config config)
    {
        var frame = config.GetByteSize("maximum-frame-size") ?? 0;
        if (frame < MinFrameSize || frame > int.MaxValue)
            throw new ConfigurationException($"akka.remote.dot-netty.tcp.maximum-frame-size must be {MinFrameSize} bytes to 2 GiB, not {frame}");
        var order = config.GetString("byte-order", "little-endian");
        if (order is not ("little-endian" or "big-endian"))
            throw new ConfigurationException($"akka.remote.dot-netty.tcp.byte-order must be little-endian or big-endian, not {order}");
        var host = config.GetString("hostname", "");
        var publicHost = config.GetString("public-hostname", "");
        var publicPort = config.GetInt("public-port", 0);
        // DotNetty's high-water mark only marks a channel unwritable, which Akka ignores (its queue is unbounded); here
        // it bounds the queue: a write beyond it is refused and Akka's endpoint writer backs off and retries.
        var highWater = config.GetByteSize("write-buffer-high-water-mark") ?? 0;
        return new TcpTransportSettings(
            Hostname: host.Length == 0 ? IPAddress.Any.ToString() : host,
            PublicHostname: publicHost.Length == 0 ? host : publicHost,
            Port: config.GetInt("port", 0),
            PublicPort: publicPort > 0 ? publicPort : null,
            MaxFrameSize: (int)frame,
            ConnectTimeout: config.GetTimeSpan("connection-timeout", TimeSpan.FromSeconds(15)),
            BigEndian: order == "big-endian",
            TcpNoDelay: config.GetBoolean("tcp-nodelay", true),
            TcpKeepAlive: config.GetBoolean("tcp-keepalive", true),
            SendBufferSize: OptionalSize(config, "send-buffer-size"),
            ReceiveBufferSize: OptionalSize(config, "receive-buffer-size"),
            Backlog: config.GetInt("backlog", 4096),
            EnableSsl: config.GetBoolean("enable-ssl", false),
            DnsUseIpv6: config.GetBoolean("dns-use-ipv6", false),
            WriteQueueLimit: highWater > 0 ? highWater : Math.Max(4L << 20, 4L * frame));
    }

    private static int? OptionalSize(Config config, string key)
    {
        var size = config.GetByteSize(key) ?? 0;
        return size is > 0 and <= int.MaxValue ? (int)size : null;
    }
}
