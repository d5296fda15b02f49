using System.IO.Pipelines;

namespace Enet.Actors.GenTcp;

/// <summary>An <see cref="IDuplexPipe"/> over an Enet TCP connection (System.IO.Pipelines' stream adapters over a
/// <see cref="TcpStream"/>), for Kestrel-style code. Completing both ends closes the socket.</summary>
public sealed class TcpDuplexPipe : IDuplexPipe
{
    internal TcpDuplexPipe(TcpStream stream)
    {
        Input = PipeReader.Create(stream);
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }
}
