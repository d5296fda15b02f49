using Akka.Actor;
using Enet.Remote;

namespace Enet.Host.Commands;

/// <summary>
/// <c>enet node</c>'s net_kernel:monitor_nodes subscriber: one line per event, as an Erlang shell that monitors
/// nodes would print them: <c>nodeup NODE (TRANSPORT, TYPE)</c> and <c>nodedown NODE REASON (TRANSPORT, TYPE)</c>.
/// </summary>
internal sealed class NodeEventPrinter : ReceiveActor
{
    public NodeEventPrinter(TextWriter output)
    {
        Receive<NodeUp>(up => Print(output, $"nodeup {up.Node} ({up.Transport}, {Type(up.NodeType)})"));
        Receive<NodeDown>(down => Print(output, $"nodedown {down.Node} {down.Reason} ({down.Transport}, {Type(down.NodeType)})"));
    }

    private static string Type(NodeType type) => type == NodeType.Hidden ? "hidden" : "visible";

    private static void Print(TextWriter output, string line)
    {
        output.WriteLine(line);
        output.Flush();
    }
}
