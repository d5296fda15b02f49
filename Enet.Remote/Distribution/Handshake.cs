using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Enet.Remote.Distribution;

/// <summary>
/// The version-6 distribution handshake of erl_dist_protocol "Distribution Handshake", both roles. Messages
/// are framed with a 2-byte length here; the connection switches to 4-byte framing afterwards.
/// </summary>
public static class Handshake
{
    private const int MaxMessage = 1024;

    /// <summary>The node we are and what we offer.</summary>
    public sealed record Local(string Name, uint Creation, string Cookie, ulong Flags);

    /// <summary>MD5(cookie ++ challenge as unsigned decimal text): erl_dist_protocol "Generating the digest".</summary>
    public static byte[] Digest(uint challenge, string cookie) =>
        MD5.HashData(Encoding.Latin1.GetBytes(cookie + challenge.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// Side A: send_name, recv_status, recv_challenge, send_challenge_reply, recv_challenge_ack. On status
    /// <c>alive</c> the peer holds a connection to our name; <paramref name="stillPending"/> says whether this
    /// attempt is still ours to make (dist_util is_pending): true replaces the peer's old connection, false
    /// gives up with reason <c>nok</c> because another connection to the peer has taken its place.
    /// </summary>
    public static async Task<HandshakeResult> InitiateAsync(Stream stream, Local local, CancellationToken cancellationToken, Func<bool>? stillPending = null)
    {
        var name = Encoding.UTF8.GetBytes(local.Name);
        var sendName = new byte[1 + 8 + 4 + 2 + name.Length];
        sendName[0] = (byte)'N';
        BinaryPrimitives.WriteUInt64BigEndian(sendName.AsSpan(1), local.Flags);
        BinaryPrimitives.WriteUInt32BigEndian(sendName.AsSpan(9), local.Creation);
        BinaryPrimitives.WriteUInt16BigEndian(sendName.AsSpan(13), (ushort)name.Length);
        name.CopyTo(sendName, 15);
        await WriteAsync(stream, sendName, cancellationToken).ConfigureAwait(false);

        var status = await ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        if (status.Length < 1 || status[0] != 's')
            throw new HandshakeException("expected a status message");
        var text = Encoding.ASCII.GetString(status, 1, status.Length - 1);
        if (text == "alive")
        {
            var replace = stillPending?.Invoke() ?? true;
            await WriteAsync(stream, replace ? "strue"u8.ToArray() : "sfalse"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            if (!replace)
                throw new HandshakeException("nok");
        }
        else if (text is not ("ok" or "ok_simultaneous"))
        {
            throw new HandshakeException(text);
        }

        var challenge = await ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        if (challenge.Length < 19 || challenge[0] != 'N')
            throw new HandshakeException("expected a version-6 challenge");
        var peerFlags = BinaryPrimitives.ReadUInt64BigEndian(challenge.AsSpan(1));
        var peerChallenge = BinaryPrimitives.ReadUInt32BigEndian(challenge.AsSpan(9));
        var peerCreation = BinaryPrimitives.ReadUInt32BigEndian(challenge.AsSpan(13));
        var peerNameLength = BinaryPrimitives.ReadUInt16BigEndian(challenge.AsSpan(17));
        if (challenge.Length < 19 + peerNameLength)
            throw new HandshakeException("truncated challenge");
        var peerName = Encoding.UTF8.GetString(challenge, 19, peerNameLength);
        CheckMandatory(peerFlags, peerName);

        var ourChallenge = NewChallenge();
        var reply = new byte[1 + 4 + 16];
        reply[0] = (byte)'r';
        BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(1), ourChallenge);
        Digest(peerChallenge, local.Cookie).CopyTo(reply, 5);
        await WriteAsync(stream, reply, cancellationToken).ConfigureAwait(false);

        var ack = await ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        if (ack.Length != 17 || ack[0] != 'a')
            throw new HandshakeException("expected a challenge ack (wrong cookie?)");
        if (!CryptographicOperations.FixedTimeEquals(ack.AsSpan(1), Digest(ourChallenge, local.Cookie)))
            throw new HandshakeException("peer's digest is wrong: different cookie");
        return new HandshakeResult(peerName, peerFlags, peerCreation, peerFlags & local.Flags);
    }

    /// <summary>
    /// Side B: recv_name, send_status, send_challenge, recv_challenge_reply, send_challenge_ack.
    /// <paramref name="status"/> decides from the peer's name what send_status says: <c>ok</c>,
    /// <c>ok_simultaneous</c>, <c>nok</c>, <c>not_allowed</c> or <c>alive</c> (erl_dist_protocol step 3).
    /// </summary>
    public static async Task<HandshakeResult> AcceptAsync(Stream stream, Local local, Func<string, string> status, CancellationToken cancellationToken)
    {
        var sendName = await ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        // Only the version-6 'N' form: OTP 25.0-25.2 and every OTP 26+ node sends it (erlang/otp#5858).
        if (sendName.Length < 15 || sendName[0] != 'N')
            throw new HandshakeException("expected a version-6 send_name");
        var peerFlags = BinaryPrimitives.ReadUInt64BigEndian(sendName.AsSpan(1));
        var peerCreation = BinaryPrimitives.ReadUInt32BigEndian(sendName.AsSpan(9));
        var peerNameLength = BinaryPrimitives.ReadUInt16BigEndian(sendName.AsSpan(13));
        if (sendName.Length < 15 + peerNameLength)
            throw new HandshakeException("truncated send_name");
        var peerName = Encoding.UTF8.GetString(sendName, 15, peerNameLength);
        if (!peerName.Contains('@', StringComparison.Ordinal))
            throw new HandshakeException("dynamic node names (NAME_ME) are not supported");
        if ((peerFlags & DistributionFlags.Mandatory25) != DistributionFlags.Mandatory25)
        {
            await WriteAsync(stream, "snot_allowed"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            throw new HandshakeException($"{peerName} lacks mandatory flags {DistributionFlags.Mandatory25 & ~peerFlags:X}");
        }
        var answer = status(peerName);
        await WriteAsync(stream, [(byte)'s', .. Encoding.ASCII.GetBytes(answer)], cancellationToken).ConfigureAwait(false);
        switch (answer)
        {
            case "ok" or "ok_simultaneous":
                break;
            case "alive":
                // We hold a connection to this name; the initiator says true if it is a new incarnation whose
                // old connection should go, false if it keeps the old one (dist_util do_alive).
                var confirm = await ReadAsync(stream, cancellationToken).ConfigureAwait(false);
                if (confirm.AsSpan().SequenceEqual("strue"u8))
                    break;
                throw new HandshakeException(confirm.AsSpan().SequenceEqual("sfalse"u8) ? $"{peerName} keeps its connection" : "expected true or false after alive");
            default:
                throw new HandshakeException(answer == "nok" ? $"{peerName}: simultaneous connect, ours wins" : $"{peerName} is not allowed");
        }

        var ourChallenge = NewChallenge();
        var name = Encoding.UTF8.GetBytes(local.Name);
        var challenge = new byte[1 + 8 + 4 + 4 + 2 + name.Length];
        challenge[0] = (byte)'N';
        BinaryPrimitives.WriteUInt64BigEndian(challenge.AsSpan(1), local.Flags);
        BinaryPrimitives.WriteUInt32BigEndian(challenge.AsSpan(9), ourChallenge);
        BinaryPrimitives.WriteUInt32BigEndian(challenge.AsSpan(13), local.Creation);
        BinaryPrimitives.WriteUInt16BigEndian(challenge.AsSpan(17), (ushort)name.Length);
        name.CopyTo(challenge, 19);
        await WriteAsync(stream, challenge, cancellationToken).ConfigureAwait(false);

        var reply = await ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        if (reply.Length != 21 || reply[0] != 'r')
            throw new HandshakeException("expected a challenge reply");
        if (!CryptographicOperations.FixedTimeEquals(reply.AsSpan(5), Digest(ourChallenge, local.Cookie)))
            throw new HandshakeException($"{peerName} sent a wrong digest: different cookie");
        var peerChallenge = BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(1));
        await WriteAsync(stream, [(byte)'a', .. Digest(peerChallenge, local.Cookie)], cancellationToken).ConfigureAwait(false);
        return new HandshakeResult(peerName, peerFlags, peerCreation, peerFlags & local.Flags);
    }

    private static void CheckMandatory(ulong peerFlags, string peerName)
    {
        if ((peerFlags & DistributionFlags.Mandatory25) != DistributionFlags.Mandatory25)
            throw new HandshakeException($"{peerName} lacks mandatory flags {DistributionFlags.Mandatory25 & ~peerFlags:X}");
    }

    private static uint NewChallenge() => BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4));

    private static async Task WriteAsync(Stream stream, byte[] message, CancellationToken cancellationToken)
    {
        var frame = new byte[2 + message.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)message.Length);
        message.CopyTo(frame, 2);
        await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[2];
        await ReadExactlyAsync(stream, head, cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadUInt16BigEndian(head);
        if (length is 0 or > MaxMessage)
            throw new HandshakeException($"handshake message of {length} bytes");
        var message = new byte[length];
        await ReadExactlyAsync(stream, message, cancellationToken).ConfigureAwait(false);
        return message;
    }

    private static async Task ReadExactlyAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException)
        {
            throw new HandshakeException("connection closed during the handshake");
        }
    }
}
