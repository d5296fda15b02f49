using System.Buffers.Binary;
using Enet.Actors.FrameBus;
using Enet.Actors.Interface;
using Enet.Actors.Ndp;
using Enet.Codecs;
using Akka.Actor;
using Akka.Event;

namespace Enet.Actors.Ip;

/// <summary>
/// The IPv6 layer of one interface (RFC 8200) with neighbour discovery inside it (RFC 4861): it owns our
/// addresses (a link-local one from the MAC and the configured ones, each through duplicate address
/// detection, RFC 4862 5.4), the multicast groups they imply, the <see cref="NeighborCache"/> and the
/// <see cref="Ipv6Reassembly"/>. Received datagrams for us are checked, their extension headers processed,
/// fragments reassembled, and the upper layer handed to the protocol registered for it; unknown ones get a
/// rate-limited ICMPv6 parameter problem. Sent datagrams get a source, go to the neighbour (resolving it
/// first) and are fragmented when they exceed the link MTU. ND is part of this actor, not a neighbour of it:
/// every send consults the cache, so a message hop there would sit on the hot path.
/// </summary>
public sealed class Ipv6Layer : ReceiveActor, IWithTimers, INeighborCacheOutput
{
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>RFC 4861 6.1.2, 7.1: neighbour discovery messages are sent, and only accepted, with hop limit 255.</summary>
    private const byte NdHopLimit = 255;

    private readonly IActorRef iface;
    private readonly Ipv6Settings settings;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly Dictionary<IpProtocol, IActorRef> protocols = [];
    private readonly List<OwnAddress> addresses = [];
    private readonly Ipv6Receive receive = new();
    private readonly HashSet<Ipv6Address> groups = [];
    private readonly NeighborCache neighbors;
    private readonly Ipv6Reassembly reassembly;
    private readonly Ipv6PathMtus pathMtus;

    /// <summary>Scratch for <see cref="SelectSource"/>: the preferred addresses, gathered without allocating.</summary>
    private readonly List<Ipv6Cidr> preferred = [];
    private double errorTokens;
    private DateTimeOffset errorTokensAt;
    private long inReceives, inHdrErrors, inAddrErrors, inUnknownProtos, inTruncatedPkts, inDiscards, inDelivers,
        reasmReqds, reasmOks, outRequests, outNoRoutes, outDiscards, outFragReqds, outFragOks, outFragFails,
        outFragCreates, outTransmits, icmpOutErrors, icmpOutRateLimited;

    public Ipv6Layer(IActorRef iface, Ipv6Settings settings)
    {
        if (settings.Mtu < 1280)
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Mtu, "RFC 8200 5: IPv6 needs a link MTU of at least 1280");
        this.iface = iface;
        this.settings = settings;
        neighbors = new NeighborCache(settings.Ndp, this);
        reassembly = new Ipv6Reassembly(settings);
        pathMtus = new Ipv6PathMtus(settings.Mtu, settings.MaxPathMtuEntries, settings.PathMtuTimeout);
        errorTokens = settings.IcmpErrorBurst;
        Receive<Eth.Subscribed>(_ => { });
        Receive<FramesReady>(ready => ready.Subscription.Drain(OnFrame));
        Receive<Ipv6.Register>(r =>
        {
            protocols[r.Protocol] = Sender;
            receive.Register(r.Protocol, r.FastPath);
            Sender.Tell(new Ipv6.Registered(r.Protocol), Self);
        });
        Receive<Ipv6.Send>(Send);
        Receive<Ipv6.GetProtocols>(_ => Sender.Tell(new Ipv6.Protocols([.. protocols.Keys.Order()]), Self));
        Receive<Ipv6.GetStatistics>(_ => Sender.Tell(Statistics(), Self));
        Receive<Ipv6.GetAddresses>(_ => Sender.Tell(new Ipv6.Addresses([.. addresses.Select(a => new Ipv6.Address(a.Cidr, a.State))]), Self));
        Receive<Ipv6.GetNeighbors>(_ => Sender.Tell(new Ipv6.Neighbors(neighbors.Entries, neighbors.DroppedPackets), Self));
        Receive<NeighborTimer>(t => neighbors.OnTimer(t.Address));
        Receive<ReassemblyTimeout>(t => Expire(t.Key));
        Receive<DadTick>(t => DuplicateAddressDetection(t.Address));
    }

    public static Props Props(IActorRef iface, Ipv6Settings settings) =>
        ActorProps.Create(() => new Ipv6Layer(iface, settings));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart()
    {
        iface.Tell(new Eth.Subscribe(FrameClassifier.ByEtherType(EtherType.Ipv6), settings.QueueCapacity) { FastPath = receive }, Self);
        errorTokensAt = Now;
        // RFC 4862 5.3: the link-local address is formed first, from the interface identifier (RFC 4291 2.5.1).
        var linkLocal = new Ipv6Cidr(InterfaceIdentifier.LinkLocal(settings.Mac), 64);
        foreach (var cidr in settings.Addresses.Where(a => a != linkLocal).Prepend(linkLocal))
        {
            var address = new OwnAddress(cidr);
            addresses.Add(address);
            if (settings.Ndp.DupAddrDetectTransmits <= 0)
                address.State = Ipv6AddressState.Preferred;
            else
                // RFC 4862 5.4.2: the first solicitation waits a random delay, so hosts started together do not collide.
                Timers.StartSingleTimer(new DadTick(cidr.Address), new DadTick(cidr.Address), settings.Ndp.MaxDadDelay * Random.Shared.NextDouble());
        }
        JoinGroups();
        PublishPreferred();
    }

    /// <summary>The fast path takes packets for these addresses only: called whenever an address changes state.</summary>
    private void PublishPreferred() =>
        receive.Prefer([.. addresses.Where(a => a.State == Ipv6AddressState.Preferred).Select(a => a.Cidr.Address)]);

    /// <summary>RFC 4861 7.2.1 / RFC 4862 5.4.2: all-nodes, and the solicited-node group of every address that is
    /// not a known duplicate (tentative ones too: that is where another node's DAD solicitation arrives).</summary>
    private void JoinGroups()
    {
        groups.Clear();
        groups.Add(Ipv6Multicast.AllNodes);
        foreach (var address in addresses.Where(a => a.State != Ipv6AddressState.Duplicated))
            groups.Add(Ipv6Multicast.SolicitedNode(address.Cidr.Address));
    }

    private void DuplicateAddressDetection(Ipv6Address target)
    {
        if (addresses.Find(a => a.Cidr.Address == target) is not { State: Ipv6AddressState.Tentative } address)
            return;
        if (address.SolicitationsSent >= settings.Ndp.DupAddrDetectTransmits)
        {
            // RFC 4862 5.4: RetransTimer after the last solicitation with no conflict heard, the address is ours.
            address.State = Ipv6AddressState.Preferred;
            PublishPreferred();
            log.Info("{Address} passed duplicate address detection", address.Cidr);
            return;
        }
        address.SolicitationsSent++;
        Timers.StartSingleTimer(new DadTick(target), new DadTick(target), settings.Ndp.RetransTimer);
        // RFC 4862 5.4.2: from the unspecified address to the target's solicited-node group, without a source
        // link-layer address option (RFC 4861 7.2.2).
        SendNdp(Ipv6Address.Unspecified, Ipv6Multicast.SolicitedNode(target), Icmpv6Message.NeighborSolicitation(target), null);
    }

    private void MarkDuplicated(OwnAddress address, MacAddress by)
    {
        // RFC 4862 5.4.5: a duplicate is not assigned; the operator has to hear of it.
        address.State = Ipv6AddressState.Duplicated;
        Timers.Cancel(new DadTick(address.Cidr.Address));
        JoinGroups();
        PublishPreferred();
        log.Warning("{Address} is a duplicate ({Mac} has it): not using it", address.Cidr, by);
    }

    private void OnFrame(BusFrame frame)
    {
        inReceives++;
        var network = frame.Network;
        // RFC 8200 3-4: a bad version or a chain of extension headers that does not parse is discarded.
        if (!Ipv6Packet.TryParse(network, out var packet, out _))
        {
            inHdrErrors++;
            return;
        }
        if (packet.IsTruncated)
        {
            inTruncatedPkts++;
            return;
        }
        Deliver(network[..(Ipv6Packet.HeaderLength + packet.Payload.Length)], packet, frame.Source, frame.Destination, frame.Interface);
    }

    private void Deliver(ReadOnlySpan<byte> bytes, Ipv6Packet packet, MacAddress linkSource, MacAddress linkDestination, string interfaceName)
    {
        var source = packet.Source;
        var destination = packet.Destination;
        // RFC 4291 2.7: a multicast address is never a source.
        if (source.IsMulticast)
        {
            inHdrErrors++;
            return;
        }
        var toMulticast = destination.IsMulticast;
        if (toMulticast ? !groups.Contains(destination) : !IsPreferred(destination))
        {
            // RFC 4862 5.4: this includes unicast packets to a tentative address.
            inAddrErrors++;
            return;
        }
        var linkMulticast = linkDestination.IsMulticast;
        // RFC 8200 4: extension headers are processed in the order they occur, up to the fragment header; what
        // follows a fragment header is processed after reassembly.
        var nextHeaderOffset = 6;
        var reader = packet.ExtensionHeaders;
        while (reader.MoveNext())
        {
            switch (reader.Kind)
            {
                case IpProtocol.HopByHop or IpProtocol.Ipv6DestinationOptions:
                    if (!ProcessOptions(bytes, reader.Header, reader.Offset, toMulticast, linkMulticast))
                        return;
                    break;
                case IpProtocol.Ipv6Route when reader.Header[3] != 0:
                    // RFC 8200 4.4: a host does not forward; segments left non-zero with a routing type it does not
                    // process is a parameter problem at the routing type (RFC 5095 3: type 0 is not processed).
                    inHdrErrors++;
                    SendError(Icmpv6Type.ParameterProblem, 0, (uint)(reader.Offset + 2), bytes, toMulticast, linkMulticast);
                    return;
                case IpProtocol.Ipv6Fragment:
                    var fragment = Ipv6FragmentHeader.Read(reader.Header);
                    // RFC 6946 4: an atomic fragment (offset 0, M clear) is processed in isolation, never queued.
                    if (fragment.Offset == 0 && !fragment.MoreFragments)
                        break;
                    Reassemble(bytes, packet, linkSource, linkDestination, interfaceName, toMulticast);
                    return;
                case IpProtocol.Ah:
                    // No IPsec here: AH is an unrecognised next header (RFC 8200 4).
                    UnknownNextHeader(bytes, nextHeaderOffset, toMulticast, linkMulticast);
                    return;
            }
            nextHeaderOffset = reader.Offset;
        }
        var protocol = packet.UpperLayerProtocol;
        var upper = packet.UpperLayerPayload;
        if (protocol == IpProtocol.Icmpv6 && Icmpv6Packet.TryParse(upper, out var icmp, out _))
        {
            if (icmp.IsNdp)
            {
                OnNeighborDiscovery(packet, icmp, upper.Length);
                return;
            }
            if (icmp.Type == Icmpv6Type.PacketTooBig)
            {
                OnPacketTooBig(packet, icmp, upper.Length);
                return;
            }
        }
        // RFC 8200 4.7: No Next Header: nothing follows, nothing to deliver.
        if (protocol == IpProtocol.Ipv6NoNext)
            return;
        if (!protocols.TryGetValue(protocol, out var handler))
        {
            // ICMPv6 is part of IPv6 (RFC 4443 1), never an unknown next header: without a responder it is dropped.
            if (protocol == IpProtocol.Icmpv6)
                inDiscards++;
            else
                UnknownNextHeader(bytes, nextHeaderOffset, toMulticast, linkMulticast);
            return;
        }
        inDelivers++;
        handler.Tell(new Ipv6.Datagram(interfaceName, Ipv6Header.FromPacket(packet), Bytes.CopyFrom(upper), toMulticast), Self);
    }

    /// <summary>RFC 8200 4: an unrecognised Next Header is a parameter problem, code 1, pointing at the byte that named it.</summary>
    private void UnknownNextHeader(ReadOnlySpan<byte> bytes, int pointer, bool toMulticast, bool linkMulticast)
    {
        inUnknownProtos++;
        SendError(Icmpv6Type.ParameterProblem, 1, (uint)pointer, bytes, toMulticast, linkMulticast);
    }

    /// <summary>RFC 8200 4.2: options a node does not know are handled as the two high bits of their type say:
    /// skip, discard, discard with a parameter problem (code 2), or the same only for a unicast destination.</summary>
    private bool ProcessOptions(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> header, int headerOffset, bool toMulticast, bool linkMulticast)
    {
        var options = header[2..];
        var position = 0;
        while (position < options.Length)
        {
            var type = options[position];
            if (type == Ipv6Option.Pad1)
            {
                position++;
                continue;
            }
            if (options.Length - position < 2 || options.Length - position < 2 + options[position + 1])
            {
                inHdrErrors++;
                return false;
            }
            if (type is not (Ipv6Option.PadN or RouterAlertOption or Ipv6Packet.JumboPayloadOption))
            {
                var pointer = (uint)(headerOffset + 2 + position);
                switch (type >> 6)
                {
                    case 1:
                        inHdrErrors++;
                        return false;
                    case 2:
                        inHdrErrors++;
                        SendError(Icmpv6Type.ParameterProblem, 2, pointer, bytes, toMulticast, linkMulticast, unknownOption: true);
                        return false;
                    case 3:
                        inHdrErrors++;
                        if (!toMulticast)
                            SendError(Icmpv6Type.ParameterProblem, 2, pointer, bytes, toMulticast, linkMulticast);
                        return false;
                }
            }
            position += 2 + options[position + 1];
        }
        return true;
    }

    /// <summary>RFC 2711: router alert, hop-by-hop; a host has nothing to do for it but must not drop it.</summary>
    private const byte RouterAlertOption = 5;

    private void Reassemble(ReadOnlySpan<byte> bytes, Ipv6Packet packet, MacAddress linkSource, MacAddress linkDestination,
        string interfaceName, bool toMulticast)
    {
        reasmReqds++;
        switch (reassembly.Add(bytes, packet, out var key, out var datagram, out var pointer))
        {
            case Ipv6ReassemblyOutcome.Started:
                Timers.StartSingleTimer(new ReassemblyTimeout(key), new ReassemblyTimeout(key), settings.ReassemblyTimeout);
                break;
            case Ipv6ReassemblyOutcome.ParameterProblem:
                inHdrErrors++;
                SendError(Icmpv6Type.ParameterProblem, 0, (uint)pointer, bytes, toMulticast, linkDestination.IsMulticast);
                break;
            case Ipv6ReassemblyOutcome.Complete:
                Timers.Cancel(new ReassemblyTimeout(key));
                if (!Ipv6Packet.TryParse(datagram, out var whole, out _))
                {
                    inHdrErrors++;
                    return;
                }
                reasmOks++;
                Deliver(datagram, whole, linkSource, linkDestination, interfaceName);
                break;
        }
    }

    private void Expire(Ipv6FragmentKey key)
    {
        if (!reassembly.Expire(key, out var firstFragment) || firstFragment is null)
            return;
        // RFC 8200 4.5: when the first fragment had arrived, its source hears of the timeout: time exceeded, code 1.
        if (Ipv6Packet.TryParse(firstFragment, out var first, out _))
            SendError(Icmpv6Type.TimeExceeded, 1, 0, firstFragment, first.Destination.IsMulticast, false);
    }

    private void OnNeighborDiscovery(Ipv6Packet packet, Icmpv6Packet icmp, int length)
    {
        var source = packet.Source;
        var destination = packet.Destination;
        // RFC 4861 7.1.1-7.1.2: hop limit 255 (so it cannot come from off-link), a good checksum, code 0.
        if (packet.HopLimit != NdHopLimit || icmp.Code != 0 ||
            icmp.VerifyChecksum(InternetChecksum.PseudoHeader(source, destination, IpProtocol.Icmpv6, length)) != ChecksumStatus.Good)
        {
            inDiscards++;
            return;
        }
        var body = icmp.Body;
        switch (icmp.Type)
        {
            case Icmpv6Type.NeighborSolicitation:
                OnSolicitation(source, destination, Ipv6Address.Read(body), FindLinkAddress(icmp.NdpOptions, SourceLinkLayerOption));
                break;
            case Icmpv6Type.NeighborAdvertisement:
                OnAdvertisement(destination, Ipv6Address.Read(body), (NeighborAdvertisementFlags)(icmp.RestOfHeader & 0xE000_0000),
                    FindLinkAddress(icmp.NdpOptions, TargetLinkLayerOption));
                break;
        }
    }

    /// <summary>RFC 8201 4: a Packet Too Big lowers the path MTU to its destination (never below 1280, never up), and
    /// the protocol that sent the quoted packet hears of it. Only for a packet we sent (its source one of ours) and with
    /// a good checksum (RFC 4443 2.3), so a forged one cannot shrink another host's paths.</summary>
    private void OnPacketTooBig(Ipv6Packet packet, Icmpv6Packet icmp, int length)
    {
        if (icmp.VerifyChecksum(InternetChecksum.PseudoHeader(packet.Source, packet.Destination, IpProtocol.Icmpv6, length)) != ChecksumStatus.Good ||
            !Ipv6Packet.TryParse(icmp.Body, out var quoted, out _) || !IsPreferred(quoted.Source) || icmp.Mtu < Ipv6PathMtus.MinimumMtu)
        {
            inDiscards++;
            return;
        }
        var mtu = (int)Math.Min(icmp.Mtu, (uint)settings.Mtu);
        if (pathMtus.Reduce(quoted.Destination, mtu, Now))
            log.Debug("path MTU to {Destination} is {Mtu}", quoted.Destination, mtu);
        // Told even when the estimate was already this low: a connection opened before it was learned still sends more.
        if (mtu < settings.Mtu && protocols.TryGetValue(quoted.UpperLayerProtocol, out var handler))
            handler.Tell(new Ipv6.PacketTooBig(quoted.Source, quoted.Destination, mtu, Bytes.CopyFrom(quoted.UpperLayerPayload)), Self);
    }

    private const byte SourceLinkLayerOption = 1;
    private const byte TargetLinkLayerOption = 2;

    /// <summary>The MAC of the first link-layer address option of <paramref name="type"/> (RFC 4861 4.6.1); the
    /// codec has already checked every option's length.</summary>
    private static MacAddress? FindLinkAddress(ReadOnlySpan<byte> options, byte type)
    {
        while (options.Length >= 8)
        {
            var length = options[1] * 8;
            if (options[0] == type && length == 8)
                return MacAddress.Read(options[2..]);
            options = options[length..];
        }
        return null;
    }

    private void OnSolicitation(Ipv6Address source, Ipv6Address destination, Ipv6Address target, MacAddress? sourceMac)
    {
        var dad = source == Ipv6Address.Unspecified;
        // RFC 4861 7.1.1: the target is never multicast; a DAD solicitation goes to a solicited-node group and
        // carries no source link-layer address.
        if (target.IsMulticast || dad && (!IsSolicitedNode(destination) || sourceMac is not null))
        {
            inDiscards++;
            return;
        }
        if (addresses.Find(a => a.Cidr.Address == target) is not { } own || own.State == Ipv6AddressState.Duplicated)
            return;
        if (dad)
        {
            // RFC 4862 5.4.3: someone else is probing an address we are still probing: it is a duplicate. For an
            // address we already hold, defend it: RFC 4861 7.2.4 answers to all-nodes.
            if (own.State == Ipv6AddressState.Tentative)
                MarkDuplicated(own, MacAddress.Zero);
            else
                Advertise(target, Ipv6Multicast.AllNodes, NeighborAdvertisementFlags.Override);
            return;
        }
        // RFC 4862 5.4.3: a solicitation for a tentative address from a unicast source is not answered.
        if (own.State != Ipv6AddressState.Preferred)
            return;
        // RFC 4861 7.2.3: the solicitation teaches us the sender's link-layer address.
        if (sourceMac is { } mac)
            neighbors.OnSourceLinkAddress(source, mac, Now);
        // RFC 4861 7.2.4: a solicited, overriding advertisement with our link-layer address, back to the sender.
        Advertise(target, source, NeighborAdvertisementFlags.Solicited | NeighborAdvertisementFlags.Override);
    }

    private void OnAdvertisement(Ipv6Address destination, Ipv6Address target, NeighborAdvertisementFlags flags, MacAddress? targetMac)
    {
        // RFC 4861 7.1.2: the target is not multicast, and an advertisement to a multicast group is not solicited.
        if (target.IsMulticast || destination.IsMulticast && flags.HasFlag(NeighborAdvertisementFlags.Solicited))
        {
            inDiscards++;
            return;
        }
        if (addresses.Find(a => a.Cidr.Address == target) is { } own)
        {
            // RFC 4862 5.4.4: an advertisement for a tentative address means another node has it.
            if (own.State == Ipv6AddressState.Tentative)
                MarkDuplicated(own, targetMac ?? MacAddress.Zero);
            else if (targetMac is { } other && other != settings.Mac)
                log.Warning("{Address}: {Mac} advertises our address", own.Cidr, other);
            return;
        }
        neighbors.OnAdvertisement(target, targetMac, flags);
    }

    /// <summary>RFC 4861 7.2.4: always with our link-layer address as the target link-layer option.</summary>
    private void Advertise(Ipv6Address target, Ipv6Address destination, NeighborAdvertisementFlags flags) =>
        SendNdp(target, destination, Icmpv6Message.NeighborAdvertisement(target, flags, settings.Mac), null);

    void INeighborCacheOutput.Solicit(Ipv6Address target, MacAddress? unicast)
    {
        // RFC 4861 7.2.2: the source is one of ours; without a usable one there is nothing to ask with.
        if (SelectSource(target) is not { } source)
            return;
        var message = Icmpv6Message.NeighborSolicitation(target, settings.Mac);
        if (unicast is { } mac)
            SendNdp(source, target, message, mac);
        else
            SendNdp(source, Ipv6Multicast.SolicitedNode(target), message, null);
    }

    void INeighborCacheOutput.Transmit(MacAddress destination, Bytes packet)
    {
        outTransmits++;
        iface.Tell(new Eth.Transmit(destination, EtherType.Ipv6, packet), Self);
    }

    void INeighborCacheOutput.ArmTimer(Ipv6Address address, TimeSpan delay) =>
        Timers.StartSingleTimer(new NeighborTimer(address), new NeighborTimer(address), delay);

    void INeighborCacheOutput.Unreachable(Ipv6Address address, IReadOnlyList<Bytes> packets)
    {
        outDiscards += packets.Count;
        log.Debug("{Address} did not answer neighbour solicitations; {Count} packets dropped", address, packets.Count);
    }

    /// <summary>An ND message with hop limit 255; to <paramref name="linkDestination"/> when given, else to the group's
    /// MAC or through the neighbour cache.</summary>
    private void SendNdp(Ipv6Address source, Ipv6Address destination, Icmpv6Message message, MacAddress? linkDestination)
    {
        var packet = new byte[Ipv6Packet.HeaderLength + message.Length];
        new Ipv6Header(0, 0, null, IpProtocol.Icmpv6, NdHopLimit, source, destination).Emit(packet, message.Length);
        message.Emit(packet.AsSpan(Ipv6Packet.HeaderLength), InternetChecksum.PseudoHeader(source, destination, IpProtocol.Icmpv6, message.Length));
        if (linkDestination is { } mac)
        {
            outTransmits++;
            iface.Tell(new Eth.Transmit(mac, EtherType.Ipv6, packet), Self);
        }
        else
            Transmit(destination, packet);
    }

    private void Send(Ipv6.Send send)
    {
        outRequests++;
        // RFC 4443 2.4(f): an ICMPv6 error built above this layer (UDP's port unreachable) takes a token from the
        // same bucket as the layer's own errors; without it a flood to a closed port got one error per datagram.
        if (send.Protocol == IpProtocol.Icmpv6 && send.Payload.Length > 0 && send.Payload.Span[0] < 128)
        {
            if (!TakeErrorToken())
            {
                icmpOutRateLimited++;
                return;
            }
            icmpOutErrors++;
        }
        var destination = send.Destination;
        var source = send.Source;
        if (source == Ipv6Address.Unspecified)
        {
            if (SelectSource(destination) is not { } selected)
            {
                outNoRoutes++;
                return;
            }
            source = selected;
        }
        else if (!IsPreferred(source))
        {
            outDiscards++;
            return;
        }
        if (!IsOnLink(destination))
        {
            // No router discovery yet: off-link destinations have no route.
            outNoRoutes++;
            return;
        }
        var payload = send.Payload;
        if (send.ChecksumOffset is { } offset)
        {
            if (offset < 0 || offset + 2 > payload.Length)
            {
                outDiscards++;
                return;
            }
            var copy = payload.Span.ToArray();
            var sum = InternetChecksum.Add(InternetChecksum.PseudoHeader(source, destination, send.Protocol, copy.Length), copy);
            BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(offset), InternetChecksum.Finish(sum));
            payload = copy;
        }
        Originate(source, destination, send.Protocol, payload.Span, send.HopLimit ?? settings.HopLimit);
    }

    /// <summary>Builds and sends a datagram we originate, in fragments when it does not fit the link MTU (RFC 8200 4.5,
    /// 5: only the source fragments).</summary>
    private void Originate(Ipv6Address source, Ipv6Address destination, IpProtocol protocol, ReadOnlySpan<byte> payload, byte hopLimit)
    {
        // RFC 8201 5.2: the path MTU, as far as a Packet Too Big taught it, else the link's.
        var mtu = pathMtus.For(destination, Now);
        if (Ipv6Packet.HeaderLength + payload.Length <= mtu)
        {
            var packet = new byte[Ipv6Packet.HeaderLength + payload.Length];
            new Ipv6Header(0, 0, null, protocol, hopLimit, source, destination).Emit(packet, payload.Length);
            payload.CopyTo(packet.AsSpan(Ipv6Packet.HeaderLength));
            Transmit(destination, packet);
            return;
        }
        outFragReqds++;
        if (payload.Length > ushort.MaxValue - Ipv6FragmentHeader.Length)
        {
            outFragFails++;
            return;
        }
        // RFC 8200 4.5: every fragment but the last carries a multiple of 8 bytes; RFC 7739: an unpredictable identification.
        var chunk = (mtu - Ipv6Packet.HeaderLength - Ipv6FragmentHeader.Length) & ~7;
        var identification = (uint)Random.Shared.NextInt64(0, 1L << 32);
        for (var start = 0; start < payload.Length; start += chunk)
        {
            var length = Math.Min(chunk, payload.Length - start);
            var fragment = new Ipv6FragmentHeader((ushort)(start / 8), start + length < payload.Length, identification);
            var packet = new byte[Ipv6Packet.HeaderLength + Ipv6FragmentHeader.Length + length];
            new Ipv6Header(0, 0, (ushort)(Ipv6FragmentHeader.Length + length), IpProtocol.Ipv6Fragment, hopLimit, source, destination)
                .Emit(packet, length);
            packet[Ipv6Packet.HeaderLength] = (byte)protocol;
            fragment.WriteAfterNextHeader(packet.AsSpan(Ipv6Packet.HeaderLength + 1));
            payload.Slice(start, length).CopyTo(packet.AsSpan(Ipv6Packet.HeaderLength + Ipv6FragmentHeader.Length));
            outFragCreates++;
            Transmit(destination, packet);
        }
        outFragOks++;
    }

    private void Transmit(Ipv6Address destination, byte[] packet)
    {
        if (destination.IsMulticast)
        {
            // RFC 2464 7: a multicast datagram goes to 33:33 and the group's low 32 bits.
            outTransmits++;
            iface.Tell(new Eth.Transmit(Ipv6Multicast.MacFor(destination), EtherType.Ipv6, packet), Self);
            return;
        }
        neighbors.Send(destination, packet, Now);
    }

    /// <summary>
    /// An ICMPv6 error about <paramref name="invoking"/> (RFC 4443 2.4). Never about an ICMPv6 error, nor about a
    /// packet to a multicast group or link-layer multicast (except a parameter problem for an unknown option whose
    /// type asks for one, <paramref name="unknownOption"/>), nor to a source that is not one node (e); at most the
    /// rate of the token bucket (f); carrying as much of the invoking packet as fits in 1280 bytes (c).
    /// </summary>
    private void SendError(Icmpv6Type type, byte code, uint restOfHeader, ReadOnlySpan<byte> invoking, bool toMulticast,
        bool linkMulticast, bool unknownOption = false)
    {
        if (!Ipv6Packet.TryParse(invoking, out var packet, out _))
            return;
        var source = packet.Source;
        if (source == Ipv6Address.Unspecified || source.IsMulticast || (toMulticast || linkMulticast) && !unknownOption)
            return;
        if (packet.UpperLayerProtocol == IpProtocol.Icmpv6 && !packet.IsNonFirstFragment &&
            (packet.UpperLayerPayload.IsEmpty || packet.UpperLayerPayload[0] < 128 || packet.UpperLayerPayload[0] == (byte)Icmpv6Type.Redirect))
            return;
        if (!TakeErrorToken())
        {
            icmpOutRateLimited++;
            return;
        }
        var from = !packet.Destination.IsMulticast && IsPreferred(packet.Destination) ? packet.Destination : SelectSource(source);
        if (from is not { } errorSource)
            return;
        var body = Bytes.CopyFrom(invoking[..Math.Min(invoking.Length, Ipv6Reassembly.MaxInvokingPacket)]);
        var message = new Icmpv6Message(type, code, null, restOfHeader, body);
        var bytes = new byte[message.Length];
        message.Emit(bytes, InternetChecksum.PseudoHeader(errorSource, source, IpProtocol.Icmpv6, message.Length));
        icmpOutErrors++;
        Originate(errorSource, source, IpProtocol.Icmpv6, bytes, settings.HopLimit);
    }

    private bool TakeErrorToken()
    {
        var now = Now;
        errorTokens = Math.Min(settings.IcmpErrorBurst, errorTokens + (now - errorTokensAt).TotalSeconds * settings.IcmpErrorsPerSecond);
        errorTokensAt = now;
        if (errorTokens < 1)
            return false;
        errorTokens--;
        return true;
    }

    private bool IsPreferred(Ipv6Address address)
    {
        foreach (var own in addresses)
            if (own.Cidr.Address == address)
                return own.State == Ipv6AddressState.Preferred;
        return false;
    }

    private static bool IsSolicitedNode(Ipv6Address address) =>
        Ipv6Multicast.SolicitedNode(address) == address;

    private bool IsOnLink(Ipv6Address destination) =>
        destination.IsMulticast || destination.IsLinkLocal ||
        addresses.Exists(a => a.State != Ipv6AddressState.Duplicated && a.Cidr.PrefixLength < 128 && a.Cidr.Contains(destination));

    /// <summary>RFC 6724 5 over our preferred addresses (<see cref="Ipv6SourceSelection"/>).</summary>
    private Ipv6Address? SelectSource(Ipv6Address destination)
    {
        preferred.Clear();
        foreach (var own in addresses)
            if (own.State == Ipv6AddressState.Preferred)
                preferred.Add(own.Cidr);
        return Ipv6SourceSelection.Select(preferred, destination);
    }

    private Ipv6.Statistics Statistics() => new(inReceives + receive.Received, inHdrErrors, inAddrErrors, inUnknownProtos, inTruncatedPkts,
        inDiscards, inDelivers + receive.Received, reasmReqds, reasmOks, reassembly.Failures, outRequests, outNoRoutes, outDiscards, outFragReqds,
        outFragOks, outFragFails, outFragCreates, outTransmits, icmpOutErrors, icmpOutRateLimited);

    private sealed class OwnAddress(Ipv6Cidr cidr)
    {
        public Ipv6Cidr Cidr { get; } = cidr;
        public Ipv6AddressState State { get; set; } = Ipv6AddressState.Tentative;
        public int SolicitationsSent { get; set; }
    }

    private sealed record NeighborTimer(Ipv6Address Address);

    private sealed record ReassemblyTimeout(Ipv6FragmentKey Key);

    private sealed record DadTick(Ipv6Address Address);
}
