namespace Enet.Remote.Distribution;

/// <summary>
/// The capability flags of erl_dist_protocol "Distribution Flags" (values from OTP 25 dist.hrl). One table,
/// so that each OTP release's new mandatory flags are added in one place.
/// </summary>
public static class DistributionFlags
{
    public const ulong Published = 0x1;
    public const ulong ExtendedReferences = 0x4;
    public const ulong DistMonitor = 0x8;
    public const ulong FunTags = 0x10;
    public const ulong DistMonitorName = 0x20;
    public const ulong NewFunTags = 0x80;
    public const ulong ExtendedPidsPorts = 0x100;
    public const ulong ExportPtrTag = 0x200;
    public const ulong BitBinaries = 0x400;
    public const ulong NewFloats = 0x800;
    public const ulong DistHdrAtomCache = 0x2000;
    public const ulong Utf8Atoms = 0x10000;
    public const ulong MapTag = 0x20000;
    public const ulong BigCreation = 0x40000;
    public const ulong SendSender = 0x80000;
    public const ulong Fragments = 0x800000;
    public const ulong Handshake23 = 0x1000000;
    public const ulong UnlinkId = 0x2000000;

    /// <summary>
    /// Bit 26, as dist.hrl, erl_interface and JInterface define it; OTP's HTML docs say bit 36, which a
    /// 25.2.3 node refuses with not_allowed (verified, see the reference notes).
    /// </summary>
    public const ulong Mandatory25Digest = 0x4000000;

    public const ulong V4Nc = 1UL << 34;

    /// <summary>What OTP 25 refuses to connect without (erts_internal:get_dflags() mandatory set).</summary>
    public const ulong Mandatory25 = 0x01070F94;

    /// <summary>
    /// Everything Enet implements: OTP 25's mandatory set, OTP 26's UNLINK_ID and V4_NC, the digest bit for
    /// OTP 27, process monitors by pid and name, and SEND_SENDER so replies know their sender. No atom
    /// cache and no fragments, so every packet is pass-through 'p' (erl_dist_protocol "Protocol between
    /// connected nodes").
    /// </summary>
    public const ulong Advertised = Mandatory25 | DistMonitor | DistMonitorName | UnlinkId | Mandatory25Digest | V4Nc | SendSender;
}
