namespace Enet.Remote.Distribution;

/// <summary>The read buffer of a length-prefixed stream (a distribution connection's packets, Akka.Remote's frames).</summary>
internal static class ReadBuffer
{
    /// <summary>
    /// Makes room after <c>buffer[start..end]</c>, the start of the next packet, for all <paramref name="need"/> bytes
    /// of it: back to the front when empty, or the partial packet moved to the front when the rest would not fit.
    /// </summary>
    public static void MakeRoom(byte[] buffer, ref int start, ref int end, int need)
    {
        if (start == end)
        {
            start = end = 0;
        }
        else if (start + need > buffer.Length)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
    }
}
