using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor.Setup;

namespace Enet.Configuration;

/// <summary>
/// A trial TLS handshake before Akka.Remote's own outbound one, as Akka's DotNetty client would make it: TLS 1.2 (the
/// newest of the protocols DotNetty 0.7.6's ClientTlsSettings offers; TLS 1.0 and 1.1 are off in OpenSSL) with this
/// node's certificate. Akka.Remote shuts the whole node down when an outbound handshake fails, and a TLS 1.2 peer
/// that rejects our certificate fails it (it checks the client's certificate before its Finished; in TLS 1.3, or
/// with .NET's SslStream as server, the rejection comes after the handshake and is a plain close). A peer that fails
/// the trial is not associated with; the transport's gate (Enet.Remote's AllowGate) asks this first.
/// Left open: a peer that completes the trial and fails the real handshake still ends the node (Akka's behaviour).
/// </summary>
public sealed class OutboundTlsProbe(X509Certificate2 certificate, TimeSpan timeout) : Setup
{
    /// <summary>
    /// False when the TLS handshake with <paramref name="host"/>:<paramref name="port"/> fails on our side; true when
    /// it completes or no TCP connection comes about (that failure is Akka's to report; it shuts nothing down). The
    /// server's certificate is not judged here: AkkaTls's check does that in the real handshake.
    /// </summary>
    public async Task<bool> HandshakeCompletesAsync(string host, int port)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, cancel.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return true;
        }
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = host,
                ClientCertificates = [certificate],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate,
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
                EnabledSslProtocols = SslProtocols.Tls12,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, cancel.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
