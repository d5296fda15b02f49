using System.Buffers.Binary;
using System.Text;
using Enet.Remote.Distribution;

namespace Enet.Fuzz.Targets;

/// <summary>
/// The distribution handshake (erl_dist_protocol "Distribution Handshake") against a peer that sends the
/// fuzzer's bytes: it completes or fails with a <see cref="HandshakeException"/>, nothing else. The first
/// byte picks the role (even: we accept, odd: we initiate) and, accepting, what send_status answers.
/// </summary>
public static class HandshakeTarget
{
    public static FuzzTarget Target { get; } = new("handshake", Check, _ => Seeds());

    private static readonly Handshake.Local Us = new("enet@localhost", 1, "cookie", DistributionFlags.Advertised);

    private static readonly string[] Answers = ["ok", "alive", "not_allowed", "ok_simultaneous"];

    private static void Check(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            return;
        var role = bytes[0];
        var peer = new ScriptedPeer(bytes[1..].ToArray());
        try
        {
            var run = (role & 1) == 0
                ? Handshake.AcceptAsync(peer, Us, _ => Answers[role / 2 % Answers.Length], CancellationToken.None)
                : Handshake.InitiateAsync(peer, Us, CancellationToken.None, () => (role & 2) == 0);
            ContractViolation.Require(run.IsCompleted, "the handshake waited on a peer that had nothing more to send");
            _ = run.GetAwaiter().GetResult();
        }
        catch (HandshakeException)
        {
            // A refused or malformed handshake: the structured outcome.
        }
    }

    private static IEnumerable<byte[]> Seeds()
    {
        var name = Encoding.UTF8.GetBytes("peer@localhost");
        byte[] sendName = [(byte)'N', .. Big(DistributionFlags.Advertised, 8), .. Big(7, 4), .. Big((ulong)name.Length, 2), .. name];
        byte[] challenge = [(byte)'N', .. Big(DistributionFlags.Advertised, 8), .. Big(12345, 4), .. Big(7, 4), .. Big((ulong)name.Length, 2), .. name];
        byte[] reply = [(byte)'r', .. Big(99, 4), .. new byte[16]];
        byte[] ack = [(byte)'a', .. new byte[16]];
        yield return [0, .. Framed(sendName), .. Framed(reply)];
        yield return [2, .. Framed(sendName), .. Framed("strue"u8.ToArray()), .. Framed(reply)];
        yield return [1, .. Framed("sok"u8.ToArray()), .. Framed(challenge), .. Framed(ack)];
        yield return [1, .. Framed("salive"u8.ToArray()), .. Framed(challenge), .. Framed(ack)];
    }

    private static byte[] Framed(byte[] message) => [.. Big((ulong)message.Length, 2), .. message];

    private static byte[] Big(ulong value, int length)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes[(8 - length)..];
    }
}
