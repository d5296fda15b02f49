using Enet.Codecs;
using Enet.Codecs.Capture;
using Xunit;

namespace Enet.Tests.Codecs.Capture;

/// <summary>Everything a reader gave before it stopped: the packets, and the error if it stopped on one.</summary>
internal sealed record CaptureContents(List<CapturedPacket> Packets, DecodeError? Error)
{
    /// <summary>Reads to the end; a bound on the number of calls turns a reader that loops into a failure.</summary>
    public static CaptureContents Read(ICaptureReader reader, int maxPackets = 1_000_000)
    {
        var packets = new List<CapturedPacket>();
        using (reader)
        {
            while (reader.TryReadNext(out var packet, out var error))
            {
                Assert.Null(error);
                packets.Add(packet);
                if (packets.Count > maxPackets)
                    throw new InvalidOperationException($"more than {maxPackets} packets: the reader does not stop");
            }
            reader.TryReadNext(out _, out var final);
            return new CaptureContents(packets, final);
        }
    }

    public static CaptureContents Read(byte[] file, int maxPackets = 1_000_000) =>
        Read(CaptureFile.Open(new MemoryStream(file)), maxPackets);
}
