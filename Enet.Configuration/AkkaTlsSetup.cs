using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor.Setup;

namespace Enet.Configuration;

/// <summary>
/// enet.remote.tls for Akka.Remote's transport (Enet.Remote's EnetTcpTransport): this node's certificate and the trust
/// anchors a peer's certificate must chain to, as the options of both ends of a mutually authenticated TLS handshake.
/// The protocol versions are the operating system's (TLS 1.2 and 1.3): Akka's DotNetty peers speak 1.2.
/// </summary>
public sealed class AkkaTlsSetup(X509Certificate2 certificate, X509Certificate2Collection anchors) : Setup
{
    public SslServerAuthenticationOptions ServerOptions() => new()
    {
        ServerCertificate = certificate,
        ClientCertificateRequired = true,
        RemoteCertificateValidationCallback = Check,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };

    /// <summary>Host names are not checked (see <see cref="AkkaTls"/>): <paramref name="host"/> is only the name sent (SNI).</summary>
    public SslClientAuthenticationOptions ClientOptions(string host) => new()
    {
        TargetHost = host,
        ClientCertificates = [certificate],
        LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate,
        RemoteCertificateValidationCallback = Check,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };

    private bool Check(object sender, X509Certificate? peer, X509Chain? chain, SslPolicyErrors errors) =>
        AkkaTls.Trusted(peer as X509Certificate2, chain, anchors);
}
