package org.stasensor.pipeline.enrich.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class SpecialAddressesTest
{
    @Test
    void registryExamplesAreSpecialAndWellKnownPublicAddressesAreNot()
    {
        // Examples from the RFCs that define each block, and public resolvers' addresses.
        for (final String special : new String[] {"0.1.2.3", "10.1.2.3", "100.64.0.1", "100.127.255.255",
            "127.0.0.1", "169.254.1.1", "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.168.1.1",
            "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.251", "239.255.255.250",
            "240.0.0.1", "255.255.255.255", "::", "::1", "::ffff:10.0.0.1", "64:ff9b::808:808", "100::1",
            "2001:db8::1", "2001::1", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::fb", "3fff::1"})
        {
            assertTrue(isSpecial(special), special);
        }
        for (final String visible : new String[] {"8.8.8.8", "1.1.1.1", "9.9.9.9", "100.63.255.255",
            "100.128.0.0", "172.15.255.255", "172.32.0.0", "192.0.1.255", "192.169.0.1", "198.17.255.255",
            "198.20.0.0", "223.255.255.255", "2606:4700:4700::1111", "2001:4860:4860::8888", "::ffff:8.8.8.8",
            "2a00:1450:4001::1"})
        {
            assertEquals(false, isSpecial(visible), visible);
        }
    }

    @Test
    void everythingTheJdkCallsLocalIsSpecial() throws Exception
    {
        // The JDK's own classification (an independent implementation) of random addresses: whatever it calls
        // site-local, link-local, loopback, wildcard or multicast must never be looked up.
        final SplittableRandom random = new SplittableRandom(6890);
        int local = 0;
        for (int i = 0; i < 200_000; i++)
        {
            final byte[] bytes = new byte[random.nextInt(4) == 0 ? 16 : 4];
            random.nextBytes(bytes);
            if (bytes.length == 16 && random.nextBoolean())
            {
                bytes[0] = (byte)(random.nextBoolean() ? 0xFE : 0xFF);
                bytes[1] = (byte)(random.nextBoolean() ? 0x80 : 0x02);
            }
            else if (bytes.length == 4 && random.nextInt(4) == 0)
            {
                bytes[0] = (byte)new int[] {10, 127, 169, 172, 192, 224}[random.nextInt(6)];
            }
            final InetAddress address = InetAddress.getByAddress(bytes);
            if (address.isSiteLocalAddress() && bytes.length == 16)
            {
                continue;  // fec0::/10 is deprecated site-local (RFC 3879): now ordinary global space
            }
            if (address.isSiteLocalAddress() || address.isLinkLocalAddress() || address.isLoopbackAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress())
            {
                local++;
                assertTrue(SpecialAddresses.isSpecial(new UnsafeBuffer(bytes), 0, bytes.length == 4 ? 4 : 6),
                    address.getHostAddress());
            }
        }
        assertTrue(local > 10_000, "the sample must hold many local addresses: " + local);
    }

    private static boolean isSpecial(final String literal)
    {
        final byte[] raw = InetAddress.ofLiteral(literal).getAddress();
        final byte[] bytes;
        if (literal.contains(":") && raw.length == 4)
        {
            // ofLiteral turns ::ffff:a.b.c.d into an IPv4 address; keep the IPv6 form the wire would carry.
            bytes = new byte[16];
            bytes[10] = (byte)0xFF;
            bytes[11] = (byte)0xFF;
            System.arraycopy(raw, 0, bytes, 12, 4);
        }
        else
        {
            bytes = raw;
        }
        return SpecialAddresses.isSpecial(new UnsafeBuffer(bytes), 0, bytes.length == 4 ? 4 : 6);
    }
}
