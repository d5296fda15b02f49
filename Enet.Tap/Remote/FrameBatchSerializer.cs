using Akka.Actor;
using Akka.Serialization;

namespace Enet.Tap.Remote;

/// <summary>
/// Puts a remote link's <see cref="FrameBatch"/> on Akka.Remote as its bytes, no encoding around them, and its
/// <see cref="FrameBatchAck"/> as nothing at all (the manifest says which). Registered in reference.conf
/// (akka.actor.serializers.enet-frames), so any system configured by Enet carries frames without JSON.
/// </summary>
public sealed class FrameBatchSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private const string BatchManifest = "B";
    private const string AckManifest = "A";

    /// <summary>Unique among the system's serializers; Akka reserves 0 to 40 for its own.</summary>
    public override int Identifier => 7341;

    public override string Manifest(object o) => o switch
    {
        FrameBatch => BatchManifest,
        FrameBatchAck => AckManifest,
        _ => throw new ArgumentException($"{nameof(FrameBatchSerializer)} cannot serialize {o.GetType()}", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        FrameBatch batch => batch.Data,
        FrameBatchAck => [],
        _ => throw new ArgumentException($"{nameof(FrameBatchSerializer)} cannot serialize {obj.GetType()}", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        BatchManifest => new FrameBatch(bytes),
        AckManifest => FrameBatchAck.Instance,
        _ => throw new System.Runtime.Serialization.SerializationException($"{nameof(FrameBatchSerializer)}: unknown manifest \"{manifest}\""),
    };
}
