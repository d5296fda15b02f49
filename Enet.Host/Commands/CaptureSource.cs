using Enet.Codecs;
using Enet.Codecs.Capture;

namespace Enet.Host.Commands;

/// <summary>Opens a capture file for a command and turns every way that can fail into one line for the user.</summary>
internal static class CaptureSource
{
    /// <param name="stream">The file underneath the reader, whose position tells how far reading got.</param>
    public static bool TryOpen(FileInfo file, TextWriter error, out ICaptureReader reader, out Stream stream)
    {
        reader = null!;
        stream = null!;
        try
        {
            stream = file.OpenRead();
            if (CaptureFile.TryOpen(stream, out var opened, out var decodeError))
            {
                reader = opened;
                return true;
            }
            stream.Dispose();
            error.WriteLine($"enet: {file.Name}: not a capture file ({decodeError})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"enet: cannot read {file.FullName}: {e.Message}");
        }
        return false;
    }

    /// <summary>Reads packets until the end; a malformed capture stops the loop with a one-line message.</summary>
    public static IEnumerable<CapturedPacket> Packets(ICaptureReader reader, FileInfo file, TextWriter error, Action onError)
    {
        while (true)
        {
            CapturedPacket packet;
            DecodeError? failure;
            try
            {
                if (!reader.TryReadNext(out packet, out failure))
                {
                    if (failure is { } f)
                    {
                        error.WriteLine($"enet: {file.Name}: {f}");
                        onError();
                    }
                    yield break;
                }
            }
            catch (IOException e)
            {
                error.WriteLine($"enet: {file.Name}: {e.Message}");
                onError();
                yield break;
            }
            yield return packet;
        }
    }
}
