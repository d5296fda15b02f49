using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Enet.Tests.Remote;

/// <summary>
/// A throwaway PKI in a temp directory, deleted on dispose: a cluster CA (its certificate as PEM, the trust file) and
/// node certificates it issues (PKCS#12 with the key, allowed for both TLS client and server authentication), plus
/// self-signed ones no cluster trusts. ECDSA P-256: quick to make.
/// </summary>
public sealed class ThrowawayCertificates : IDisposable
{
    public const string Password = "enet-test";

    private readonly string directory = Directory.CreateTempSubdirectory("enet-tls-").FullName;
    private readonly ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 ca;

    // One validity window for all, in whole seconds as certificates keep it: a leaf may not outlive its issuer.
    private readonly DateTimeOffset notBefore = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 300);
    private readonly DateTimeOffset notAfter = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 86400);

    public ThrowawayCertificates()
    {
        var request = new CertificateRequest("CN=Enet test cluster CA", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        ca = request.CreateSelfSigned(notBefore, notAfter);
        CaFile = Path.Combine(directory, "ca.pem");
        File.WriteAllText(CaFile, ca.ExportCertificatePem());
    }

    /// <summary>The CA certificate, PEM: enet.remote.tls.trust.</summary>
    public string CaFile { get; }

    /// <summary>A node certificate the CA issued: enet.remote.tls.certificate.</summary>
    public string Issue(string name) => Write(name, key => Leaf(name, key).Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(8)));

    /// <summary>A self-signed certificate the cluster does not trust.</summary>
    public string SelfSigned(string name) => Write(name, key => Leaf(name, key).CreateSelfSigned(notBefore, notAfter));

    public void Dispose()
    {
        ca.Dispose();
        caKey.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private static CertificateRequest Leaf(string name, ECDsa key)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // serverAuth, clientAuth (RFC 5280 4.2.1.12)
        return request;
    }

    private string Write(string name, Func<ECDsa, X509Certificate2> create)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = create(key);
        using var withKey = certificate.HasPrivateKey ? null : certificate.CopyWithPrivateKey(key);
        var path = Path.Combine(directory, name + ".pfx");
        File.WriteAllBytes(path, (withKey ?? certificate).Export(X509ContentType.Pfx, Password));
        return path;
    }
}
