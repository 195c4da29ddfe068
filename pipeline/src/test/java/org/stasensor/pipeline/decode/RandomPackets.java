package org.stasensor.pipeline.decode;

import java.util.SplittableRandom;

import org.stasensor.pipeline.packet.LinkType;

import static org.stasensor.pipeline.decode.CraftedPackets.*;

/**
 * Random but well-formed packets: random transport (TCP with options, UDP), one to three IP headers (IPv4 with
 * options, IPv6 with extension headers, tunnelled in each other), random link layer (Ethernet with VLAN tags, MPLS,
 * PPPoE; Linux cooked v1/v2; raw IP). Only the shape is random: what the decoder should find is asked of tshark.
 */
final class RandomPackets
{
    /** A packet and how it was put together (for failure messages). */
    record Built(int linkType, byte[] bytes, String description)
    {
    }

    private final SplittableRandom random;

    RandomPackets(final long seed)
    {
        this.random = new SplittableRandom(seed);
    }

    Built next()
    {
        final StringBuilder description = new StringBuilder();
        final boolean tcp = random.nextInt(10) < 7;
        byte[] packet;
        int protocol;
        if (tcp)
        {
            final int options = random.nextInt(11);
            final int payload = random.nextInt(4) == 0 ? 0 : random.nextInt(1, 400);
            packet = CraftedPackets.tcp(port(), port(), random.nextLong(1L << 32), random.nextLong(1L << 32),
                random.nextInt(256), options, payload);
            protocol = TCP;
            description.append("tcp(options=").append(options).append(",payload=").append(payload).append(')');
        }
        else
        {
            final int payload = random.nextInt(300);
            packet = CraftedPackets.udp(port(), port(), payload);
            protocol = UDP;
            description.append("udp(payload=").append(payload).append(')');
        }
        final int ipHeaders = 1 + (random.nextInt(4) == 0 ? random.nextInt(1, 3) : 0);
        int version = 0;
        for (int i = 0; i < ipHeaders; i++)
        {
            final boolean innermost = i == 0;
            version = random.nextBoolean() ? 4 : 6;
            if (version == 4)
            {
                final int options = random.nextInt(3) == 0 ? random.nextInt(1, 11) : 0;
                int fragmentField = random.nextBoolean() ? 0x4000 : 0;
                if (innermost && random.nextInt(8) == 0)
                {
                    fragmentField = 0x2000; // first fragment: more fragments, offset 0
                }
                else if (innermost && random.nextInt(12) == 0)
                {
                    fragmentField = random.nextInt(1, 0x2000) | (random.nextBoolean() ? 0x2000 : 0);
                }
                packet = ipv4(address(4), address(4), protocol, options, fragmentField, packet);
                description.insert(0, "ipv4(options=" + options + ",frag=0x" + Integer.toHexString(fragmentField)
                    + ")/");
                protocol = IPIP;
            }
            else
            {
                final StringBuilder chain = new StringBuilder();
                int next = protocol;
                final int extensions = random.nextInt(3) == 0 ? random.nextInt(1, 4) : 0;
                for (int e = 0; e < extensions; e++)
                {
                    final boolean first = e == extensions - 1;
                    final int kind = random.nextInt(first ? 5 : 4);
                    switch (kind)
                    {
                        case 0 ->
                        {
                            final int units = random.nextInt(3);
                            packet = options(next, units, packet);
                            next = DESTINATION_OPTIONS;
                            chain.insert(0, "dstopts(" + units + "),");
                        }
                        case 1 ->
                        {
                            packet = routing(next, packet);
                            next = ROUTING;
                            chain.insert(0, "routing,");
                        }
                        case 2 ->
                        {
                            packet = authentication(next, packet);
                            next = AH;
                            chain.insert(0, "ah,");
                        }
                        case 3 ->
                        {
                            int offsetUnits = 0;
                            boolean more = random.nextBoolean();
                            if (innermost && random.nextInt(6) == 0)
                            {
                                offsetUnits = random.nextInt(1, 8192);
                                more = random.nextBoolean();
                            }
                            if (!innermost)
                            {
                                more = false;
                            }
                            packet = fragment(next, offsetUnits, more, packet);
                            next = FRAGMENT;
                            chain.insert(0, "frag(" + offsetUnits + "," + more + "),");
                        }
                        default ->
                        {
                            final int units = random.nextInt(3);
                            packet = options(next, units, packet);
                            next = HOP_BY_HOP;
                            chain.insert(0, "hopbyhop(" + units + "),");
                        }
                    }
                }
                packet = ipv6(address(16), address(16), next, packet);
                description.insert(0, "ipv6(" + chain + ")/");
                protocol = IPV6_IN_IP;
            }
        }
        final int outerVersion = version;
        final int etherType = outerVersion == 4 ? 0x0800 : 0x86DD;
        final int link = random.nextInt(10);
        switch (link)
        {
            case 0:
                description.insert(0, "sll/");
                return new Built(LinkType.LINUX_SLL, sll(etherType, packet), description.toString());
            case 1:
                description.insert(0, "sll2/");
                return new Built(LinkType.LINUX_SLL2, sll2(etherType, packet), description.toString());
            case 2:
                description.insert(0, "raw/");
                return new Built(LinkType.RAW, packet, description.toString());
            case 3:
                description.insert(0, "raw-ipv" + outerVersion + "/");
                return new Built(outerVersion == 4 ? LinkType.IPV4 : LinkType.IPV6, packet, description.toString());
            default:
                break;
        }
        final int tags = random.nextInt(3) == 0 ? random.nextInt(1, 5) : 0;
        final int[] tpids = new int[tags];
        for (int i = 0; i < tags; i++)
        {
            tpids[i] = i == tags - 1 ? 0x8100 : new int[] {0x8100, 0x88A8, 0x9100}[random.nextInt(3)];
        }
        final int inner = random.nextInt(6);
        final byte[] frame;
        if (inner == 0)
        {
            final int[] labels = new int[random.nextInt(1, 4)];
            for (int i = 0; i < labels.length; i++)
            {
                labels[i] = random.nextInt(16, 1 << 20);
            }
            frame = ethernet(tpids, 0x8847, mpls(labels, packet), random.nextInt(6));
            description.insert(0, "mpls(" + labels.length + ")/");
        }
        else if (inner == 1)
        {
            frame = ethernet(tpids, 0x8864, pppoe(outerVersion == 4 ? 0x0021 : 0x0057, packet), 0);
            description.insert(0, "pppoe/");
        }
        else
        {
            frame = ethernet(tpids, etherType, packet, random.nextInt(6));
        }
        description.insert(0, "eth(vlans=" + tags + ")/");
        return new Built(LinkType.ETHERNET, frame, description.toString());
    }

    private int port()
    {
        // Ports above the registered range keep tshark's port-based dissectors from reading the zero payload.
        return random.nextInt(49152, 65536);
    }

    private byte[] address(final int length)
    {
        final byte[] address = new byte[length];
        for (int i = 0; i < length; i++)
        {
            address[i] = (byte)random.nextInt(256);
        }
        if (length == 4)
        {
            address[0] = (byte)random.nextInt(1, 224); // unicast
        }
        else
        {
            address[0] = (byte)0x20; // global unicast 2000::/3
        }
        return address;
    }
}
