using System.Net;
using System.Net.Sockets;
using Akka.Event;
using Enet.Remote.Distribution;
using Xunit;

namespace Enet.Tests.Remote;

/// <summary>The distribution listener's accept loop: a failed accept (EMFILE) is logged, backed off and retried.</summary>
public sealed class AcceptLoopTests : IDisposable
{
    private readonly Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource stop = new();

    public AcceptLoopTests()
    {
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Dispose();
        stop.Dispose();
    }

    [Fact]
    public async Task Accepting_goes_on_after_the_process_ran_out_of_descriptors()
    {
        var emfile = 3;
        var accepted = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = new AcceptLoop(
            token => Interlocked.Decrement(ref emfile) >= 0
                ? ValueTask.FromException<Socket>(new SocketException((int)SocketError.TooManyOpenSockets))
                : listener.AcceptAsync(token),
            socket => accepted.TrySetResult(socket), NoLogger.Instance, "test listener");
        var running = loop.RunAsync(stop.Token);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        using var socket = await accepted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(client.LocalEndPoint, socket.RemoteEndPoint);
        Assert.Equal(3, loop.Failures);
        Assert.False(running.IsCompleted);
        stop.Cancel();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_loop_ends_when_the_listener_is_closed()
    {
        var loop = new AcceptLoop(listener.AcceptAsync, socket => socket.Dispose(), NoLogger.Instance, "test listener");
        var running = loop.RunAsync(stop.Token);
        listener.Dispose();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, loop.Failures);
    }
}
