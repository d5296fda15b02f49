#!/usr/bin/python3
"""Hostile traffic against an Enet host on a TAP device, for Enet.Tests/Hostile.

Runs inside the test's own network namespace (`ip netns exec NS python3 attack.py ...`) and writes frames
straight onto the namespace's end of the TAP device. Every attack is bounded: a fixed count of frames, sent
once. Frames are built with scapy once, then written as bytes through an AF_PACKET socket, which is two
orders of magnitude faster than scapy's own send loop and so can outrun the rate limits the tests check.
Only the test's own addresses appear: the subnet given on the command line and addresses spoofed inside it.

Prints one line "key=value ..." that the test parses.
"""
import argparse
import errno
import ipaddress
import socket
import struct
import threading
import time

from scapy.layers.inet import ICMP, IP, UDP, fragment
from scapy.layers.inet6 import (ICMPv6ND_NS, ICMPv6ND_RA, ICMPv6NDOptPrefixInfo, ICMPv6NDOptSrcLLAddr,
                                ICMPv6NDOptMTU, IPv6)
from scapy.layers.l2 import ARP, Ether
from scapy.packet import Raw

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def mac_of(index):
    """A locally administered unicast MAC per spoofed neighbour."""
    return "02:66:%02x:%02x:%02x:%02x" % ((index >> 24) & 0xFF, (index >> 16) & 0xFF, (index >> 8) & 0xFF, index & 0xFF)


def spoofed_hosts(subnet, count, avoid):
    """`count` distinct host addresses of `subnet` other than those in `avoid`, in a fixed order."""
    hosts = []
    for address in ipaddress.ip_network(subnet, strict=False).hosts():
        if str(address) in avoid:
            continue
        hosts.append(str(address))
        if len(hosts) == count:
            break
    return hosts


def checksum(data):
    """The Internet checksum (RFC 1071)."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def with_ip_id(frame, ident):
    """An Ethernet + IPv4 frame with another identification field, header checksum redone: scapy takes about a
    millisecond per packet it builds, so floods are one template patched many times."""
    header = bytearray(frame[14:34])
    struct.pack_into("!H", header, 4, ident & 0xFFFF)
    struct.pack_into("!H", header, 10, 0)
    struct.pack_into("!H", header, 10, checksum(bytes(header)))
    return frame[:14] + bytes(header) + frame[34:]


def arp(op, sender_mac, sender_ip, target_mac, target_ip):
    """A broadcast ARP frame (RFC 826) from `sender_mac`."""
    mac = lambda m: bytes.fromhex(m.replace(":", ""))
    return (b"\xff" * 6 + mac(sender_mac) + b"\x08\x06" + struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) +
            mac(sender_mac) + socket.inet_aton(sender_ip) + mac(target_mac) + socket.inet_aton(target_ip))


def solicitation_from(template, mac, source):
    """The neighbour solicitation `template` with another Ethernet source, IPv6 source and source link-layer
    option, ICMPv6 checksum redone over the pseudo-header (RFC 4443 2.3)."""
    frame = bytearray(template)
    raw_mac = bytes.fromhex(mac.replace(":", ""))
    frame[6:12] = raw_mac
    frame[22:38] = socket.inet_pton(socket.AF_INET6, source)
    frame[-6:] = raw_mac
    icmp = frame[54:]
    icmp[2:4] = b"\0\0"
    pseudo = bytes(frame[22:54]) + struct.pack("!IxxxB", len(icmp), 58)
    struct.pack_into("!H", frame, 56, checksum(pseudo + bytes(icmp)))
    return bytes(frame)


def tx_dropped(dev):
    """Frames the TAP device dropped because Enet had not read its queue (txqueuelen) yet."""
    with open("/sys/class/net/%s/statistics/tx_dropped" % dev) as f:
        return int(f.read())


def send(s, frame):
    """One frame, waiting while the qdisc in front of the device is full (ENOBUFS) rather than losing it."""
    while True:
        try:
            s.send(frame)
            return
        except OSError as e:
            if e.errno != errno.ENOBUFS:
                raise
            time.sleep(0.001)


def blast(dev, frames):
    """Writes every frame once, as fast as Enet reads them: a burst at a time, and whenever the device's queue
    overflowed, the dropped frames are written again after a pause, so the whole count reaches Enet. Returns the
    seconds it took and the frames written again."""
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((dev, 0))
    start = time.monotonic()
    resent = 0
    burst = 200
    for i in range(0, len(frames), burst):
        chunk = frames[i:i + burst]
        while chunk:
            before = tx_dropped(dev)
            for frame in chunk:
                send(s, frame)
            dropped = tx_dropped(dev) - before
            # The queue drops the newest frames; send those again once Enet has drained it a little.
            chunk = chunk[len(chunk) - dropped:] if dropped else []
            if dropped:
                resent += dropped
                time.sleep(0.002)
    elapsed = time.monotonic() - start
    s.close()
    blast.resent = resent
    return elapsed


class Counter:
    """Counts the frames Linux receives on `dev` that `match` accepts, on a thread of its own."""

    def __init__(self, dev, match):
        self.count = 0
        self.match = match
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        self.sock.bind((dev, 0))
        self.sock.settimeout(0.05)
        self.stopping = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stopping:
            try:
                data, address = self.sock.recvfrom(65535)
            except socket.timeout:
                continue
            if address[2] != PACKET_OUTGOING and self.match(data):
                self.count += 1

    def stop(self):
        self.stopping = True
        self.thread.join()
        self.sock.close()
        return self.count


def is_icmp_unreachable(data):
    # Ethernet (14) + IPv4 header (IHL * 4): protocol 1, ICMP type 3.
    if len(data) < 34 or data[12:14] != b"\x08\x00" or data[23] != 1:
        return False
    ihl = (data[14] & 0x0F) * 4
    return len(data) > 14 + ihl and data[14 + ihl] == 3


def is_icmpv6_unreachable(data):
    # Ethernet (14) + IPv6 header (40), next header 58 (no extension headers in Enet's errors), type 1.
    return len(data) > 54 and data[12:14] == b"\x86\xdd" and data[20] == 58 and data[54] == 1


def rate_limited(dev, frames, match):
    """Sends `frames` while counting the errors that come back; the window ends half a second after the last frame."""
    counter = Counter(dev, match)
    start = time.monotonic()
    sent_in = blast(dev, frames)
    # Errors still in flight arrive well within this; the bound below grows with the window, so waiting longer
    # only loosens it.
    time.sleep(0.5)
    errors = counter.stop()
    window = time.monotonic() - start
    return "sent=%d seconds=%.3f resent=%d window=%.3f errors=%d" % (len(frames), sent_in, blast.resent, window, errors)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("attack")
    parser.add_argument("--dev", required=True)
    parser.add_argument("--os-mac", required=True)
    parser.add_argument("--enet-mac", required=True)
    parser.add_argument("--os-ip", required=True)
    parser.add_argument("--enet-ip", required=True)
    parser.add_argument("--subnet", required=True)
    parser.add_argument("--os-ip6")
    parser.add_argument("--enet-ip6")
    parser.add_argument("--subnet6")
    parser.add_argument("--count", type=int, required=True)
    a = parser.parse_args()
    to_enet = Ether(src=a.os_mac, dst=a.enet_mac)
    avoid = {a.os_ip, a.enet_ip}

    if a.attack == "frag-first":
        # First fragments (MF set, offset 0) whose rest never comes, each its own datagram id.
        first = bytes(to_enet / IP(src=a.os_ip, dst=a.enet_ip, flags="MF", proto=17) / Raw(b"\0" * 1000))
        frames = [with_ip_id(first, i) for i in range(a.count)]
        print("sent=%d seconds=%.3f resent=%d" % (len(frames), blast(a.dev, frames), blast.resent))
    elif a.attack == "frag-overlap":
        # Per datagram: bytes 0-63, then 32-95 (overlapping the first), then 64-127 overlapping again, never a last fragment.
        pieces = [bytes(to_enet / IP(src=a.os_ip, dst=a.enet_ip, flags="MF", frag=offset, proto=17) / Raw(bytes([offset]) * 64))
                  for offset in (0, 4, 8)]
        frames = [with_ip_id(piece, 40000 + i) for i in range(a.count) for piece in pieces]
        print("sent=%d seconds=%.3f resent=%d" % (len(frames), blast(a.dev, frames), blast.resent))
    elif a.attack == "frag-tiny":
        # Whole UDP datagrams to the echo port cut into 8-byte fragments (the least RFC 791 allows), so each
        # costs Enet 64 fragments to reassemble; Enet echoes the ones it completes.
        datagram = IP(src=a.os_ip, dst=a.enet_ip) / UDP(sport=40000, dport=7) / Raw(b"x" * 504)
        pieces = [bytes(to_enet / f) for f in fragment(datagram, fragsize=8)]
        frames = [with_ip_id(piece, 20000 + i) for i in range(a.count) for piece in pieces]
        print("sent=%d seconds=%.3f resent=%d" % (len(frames), blast(a.dev, frames), blast.resent))
    elif a.attack == "arp-flood":
        # Requests for Enet's address from many spoofed neighbours: RFC 826 makes Enet learn each sender.
        frames = [arp(1, mac_of(i), ip, "00:00:00:00:00:00", a.enet_ip)
                  for i, ip in enumerate(spoofed_hosts(a.subnet, a.count, avoid))]
        print("sent=%d seconds=%.3f resent=%d" % (len(frames), blast(a.dev, frames), blast.resent))
    elif a.attack == "arp-takeover":
        # Gratuitous ARP (request and reply forms, RFC 5227 3) claiming Enet's own address for other MACs.
        frames = [arp(op, mac_of(i), a.enet_ip, "ff:ff:ff:ff:ff:ff" if op == 2 else "00:00:00:00:00:00", a.enet_ip)
                  for i in range(a.count) for op in (1, 2)]
        print("sent=%d seconds=%.3f resent=%d" % (len(frames), blast(a.dev, frames), blast.resent))
    elif a.attack == "udp-closed":
        # One datagram to a closed port, again and again: each earns an ICMP port unreachable, if the limit allows.
        frame = bytes(to_enet / IP(src=a.os_ip, dst=a.enet_ip) / UDP(sport=30000, dport=9) / Raw(b"u" * 32))
        print(rate_limited(a.dev, [frame] * a.count, is_icmp_unreachable))
    elif a.attack == "icmp-flood":
        # Echo requests (answered, not rate limited) mixed with ICMP errors and obsolete queries Enet must only
        # count and drop.
        kinds = [ICMP(type=8, id=7)] + [ICMP(type=t, code=c) for t, c in ((3, 3), (5, 1), (11, 0), (13, 0), (17, 0))]
        templates = [bytes(to_enet / IP(src=a.os_ip, dst=a.enet_ip) / k / Raw(b"i" * 56)) for k in kinds]
        frames = [templates[0] if i % 2 == 0 else templates[1 + i % 5] for i in range(a.count)]
        print(rate_limited(a.dev, frames, is_icmp_unreachable))
    elif a.attack == "udp6-closed":
        frame = bytes(to_enet / IPv6(src=a.os_ip6, dst=a.enet_ip6) / UDP(sport=30000, dport=9) / Raw(b"u" * 32))
        print(rate_limited(a.dev, [frame] * a.count, is_icmpv6_unreachable))
    elif a.attack == "ndp-flood":
        # Neighbour solicitations for Enet's address from many spoofed sources of its subnet, each with a source
        # link-layer option, which RFC 4861 7.2.3 makes Enet record.
        network = ipaddress.ip_network(a.subnet6, strict=False)
        target = ipaddress.ip_address(a.enet_ip6).packed
        solicited = "ff02::1:ff%02x:%02x%02x" % (target[13], target[14], target[15])
        group_mac = "33:33:ff:%02x:%02x:%02x" % (target[13], target[14], target[15])
        template = bytes(Ether(src=mac_of(0), dst=group_mac) / IPv6(src=a.os_ip6, dst=solicited, hlim=255) /
                         ICMPv6ND_NS(tgt=a.enet_ip6) / ICMPv6NDOptSrcLLAddr(lladdr=mac_of(0)))
        frames = [solicitation_from(template, mac_of(i), str(network.network_address + 0x1000 + i)) for i in range(a.count)]
        print("sent=%d seconds=%.3f resent=%d" % (len(frames), blast(a.dev, frames), blast.resent))
    elif a.attack == "router-advertisements":
        # A host ignores router advertisements unless it is configured to use them (RFC 4861 6.3.4); Enet is
        # configured statically, so none of these prefixes, MTUs or default routers may take effect.
        frames = []
        for i in range(a.count):
            frames.append(bytes(Ether(src=mac_of(i), dst="33:33:00:00:00:01") /
                                IPv6(src="fe80::66:%x" % (i + 1), dst="ff02::1", hlim=255) /
                                ICMPv6ND_RA(routerlifetime=9000, chlim=1, reachabletime=1, retranstimer=1) /
                                ICMPv6NDOptSrcLLAddr(lladdr=mac_of(i)) / ICMPv6NDOptMTU(mtu=1280) /
                                ICMPv6NDOptPrefixInfo(prefix="2001:db8:%x::" % (0xbad0 + i % 16), prefixlen=64, L=1, A=1,
                                                      validlifetime=0xFFFFFFFF, preferredlifetime=0xFFFFFFFF)))
        print("sent=%d seconds=%.3f resent=%d" % (len(frames), blast(a.dev, frames), blast.resent))
    else:
        raise SystemExit("unknown attack " + a.attack)


if __name__ == "__main__":
    main()
