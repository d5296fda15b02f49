using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Enet.Tests.Remote;

/// <summary>
/// `openssl s_server` on a loopback port: TLS 1.2 only, a client certificate required and checked against a CA that
/// issued none (so every one is rejected with an unknown_ca alert). OpenSSL rejects inside the handshake, before its
/// Finished, so the client's own handshake fails; .NET's SslStream would check only after the handshake, and a TLS
/// 1.3 server rejects after the client considers it done. Its certificate is the one given (the cluster's CA issued
/// it, so the client trusts the server). Ends with the process; the files go with the directory.
/// </summary>
public sealed class PickyTlsPeer : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("enet-picky-").FullName;
    private readonly Process server;
    private int rejected;

    public PickyTlsPeer(string openssl, string pkcs12, string password)
    {
        Port = ErlangPeer.FreePort();
        using (var own = X509CertificateLoader.LoadPkcs12FromFile(pkcs12, password, X509KeyStorageFlags.Exportable))
        {
            File.WriteAllText(Path.Combine(directory, "cert.pem"), own.ExportCertificatePem());
            File.WriteAllText(Path.Combine(directory, "key.pem"), own.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        }
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        using (var stranger = new CertificateRequest("CN=a CA no client has", key, HashAlgorithmName.SHA256)
                   .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1)))
            File.WriteAllText(Path.Combine(directory, "ca.pem"), stranger.ExportCertificatePem());
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server = new Process
        {
            StartInfo = new ProcessStartInfo(openssl,
            [
                "s_server", "-accept", $"127.0.0.1:{Port}", "-tls1_2", "-Verify", "1", "-verify_return_error",
                "-CAfile", "ca.pem", "-cert", "cert.pem", "-key", "key.pem",
            ])
            {
                WorkingDirectory = directory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            },
        };
        server.OutputDataReceived += (_, line) =>
        {
            if (line.Data == "ACCEPT")
                ready.TrySetResult();
        };
        // Its verify callback reports each certificate it refused on stderr.
        server.ErrorDataReceived += (_, line) =>
        {
            if (line.Data?.StartsWith("verify error:", StringComparison.Ordinal) == true)
                Interlocked.Increment(ref rejected);
        };
        server.Start();
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        if (!ready.Task.Wait(TimeSpan.FromSeconds(20)))
            throw new TimeoutException($"openssl s_server did not listen on {Port}");
    }

    public int Port { get; }

    /// <summary>Client certificates it refused in a TLS 1.2 handshake.</summary>
    public int Rejected => Volatile.Read(ref rejected);

    public void Dispose()
    {
        if (!server.HasExited)
            server.Kill();
        server.WaitForExit();
        server.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
