using System.Security.Cryptography.X509Certificates;

namespace Enet.Configuration;

/// <summary>
/// <c>enet.remote.tls</c>: Akka.Remote over mutual TLS, the Akka transport's cookie. Both ends present their
/// certificate and each accepts only a peer whose certificate chains to the configured trust anchors (the cluster's
/// CA, or the peers' own self-signed certificates), whatever the machine's CA store trusts: Akka's own HOCON-only
/// check trusts every certificate the system store does, which would let any publicly issued certificate in.
/// Host names are not checked (nodes are reached by IP address, and each has its own certificate).
/// </summary>
public static class AkkaTls
{
    /// <summary>Whether <paramref name="config"/> (resolved over reference.conf) turns TLS on.</summary>
    public static bool Enabled(Config config) => config.GetString("enet.remote.tls.certificate").Length > 0;

    /// <summary>The transport's TLS setup for <paramref name="config"/>; none when TLS is off.</summary>
    /// <exception cref="ConfigException">A certificate file cannot be read.</exception>
    public static IReadOnlyList<Akka.Actor.Setup.Setup> Setups(Config config)
    {
        if (!Enabled(config))
            return [];
        var path = config.GetString("enet.remote.tls.certificate");
        var own = Load(path, () => IsPem(path)
            ? X509Certificate2.CreateFromPemFile(path)
            : X509CertificateLoader.LoadPkcs12FromFile(path, config.GetString("enet.remote.tls.password")));
        var anchors = new X509Certificate2Collection();
        var trust = config.GetStringList("enet.remote.tls.trust");
        foreach (var file in trust)
            anchors.AddRange(Load(file, () => Anchors(file)));
        if (trust.Count == 0)
            anchors.Add(X509CertificateLoader.LoadCertificate(own.RawData));
        return [new AkkaTlsSetup(own, anchors)];
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> chains to one of <paramref name="anchors"/>, with the intermediates the
    /// peer sent. No revocation check: a throwaway cluster CA publishes no revocation list.
    /// </summary>
    public static bool Trusted(X509Certificate2? certificate, X509Chain? sent, X509Certificate2Collection anchors)
    {
        if (certificate is null)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (sent is not null)
            foreach (var element in sent.ChainElements)
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        return chain.Build(certificate);
    }

    /// <summary>A trust file: PEM (one certificate or a bundle) or one DER certificate.</summary>
    private static X509Certificate2Collection Anchors(string path)
    {
        var anchors = new X509Certificate2Collection();
        if (IsPem(path))
            anchors.ImportFromPemFile(path);
        else
            anchors.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        return anchors;
    }

    private static bool IsPem(string path) => File.ReadAllText(path).Contains("-----BEGIN", StringComparison.Ordinal);

    private static T Load<T>(string path, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new ConfigException(null, $"enet.remote.tls: {path}: {e.Message}", e);
        }
    }
}
