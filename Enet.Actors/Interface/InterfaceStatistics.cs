namespace Enet.Actors.Interface;

/// <summary>A snapshot of <see cref="InterfaceCounters"/>. Errors are frames that did not decode (received)
/// or that the link refused (sent); drops are frames discarded while the interface was down.</summary>
public sealed record InterfaceStatistics(
    long RxPackets, long RxBytes, long RxErrors, long RxDrops,
    long TxPackets, long TxBytes, long TxErrors, long TxDrops)
{
    public override string ToString() =>
        $"rx {RxPackets} packets {RxBytes} bytes {RxErrors} errors {RxDrops} dropped, tx {TxPackets} packets {TxBytes} bytes {TxErrors} errors {TxDrops} dropped";
}
