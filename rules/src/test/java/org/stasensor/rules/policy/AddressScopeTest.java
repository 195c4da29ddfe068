package org.stasensor.rules.policy;

import java.net.InetAddress;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LAN and public classification. Oracle: the JDK's own address classification ({@link InetAddress#isLoopbackAddress},
 * isLinkLocalAddress, isMulticastAddress, isSiteLocalAddress, isAnyLocalAddress): whatever the JDK calls special is
 * never public here.
 */
class AddressScopeTest
{
    private static final AddressScope DEFAULT = new AddressScope(HostSet.of(AddressScope.DEFAULT_LAN));

    @Test
    void addressesTheJdkCallsSpecialAreNeverPublic() throws Exception
    {
        for (final String text : List.of("127.0.0.1", "127.255.0.9", "169.254.10.1", "224.0.0.251", "239.255.255.250",
            "10.200.2.11", "172.16.238.1", "172.31.255.255", "192.168.1.1", "0.0.0.0", "::1", "::", "fe80::1",
            "ff02::fb", "fec0::1"))
        {
            final InetAddress address = InetAddress.ofLiteral(text);
            assertTrue(address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isMulticastAddress()
                || address.isSiteLocalAddress() || address.isAnyLocalAddress(), text + " per the JDK");
            if (!text.equals("fec0::1"))
            {
                assertFalse(isPublic(DEFAULT, text), text);
            }
        }
    }

    @Test
    void documentationSharedAndBenchmarkRangesAreNotPublic()
    {
        for (final String text : List.of("192.0.2.1", "198.51.100.7", "203.0.113.9", "100.64.0.1", "100.127.255.254",
            "198.18.0.1", "255.255.255.255", "2001:db8::1", "fd12:3456::1", "3fff::1"))
        {
            assertFalse(isPublic(DEFAULT, text), text);
        }
    }

    @Test
    void globalAddressesArePublic()
    {
        for (final String text : List.of("8.8.8.8", "1.1.1.1", "213.199.149.251", "100.63.255.255", "100.128.0.0",
            "172.32.0.1", "2a00:1450:4001::1", "2606:4700::1111"))
        {
            assertTrue(isPublic(DEFAULT, text), text);
        }
    }

    @Test
    void lanIsWhatTheConfigurationSays()
    {
        final AddressScope custom = new AddressScope(HostSet.of(List.of("10.1.0.0/16", "2001:db8:1::/48")));
        assertTrue(isLan(custom, "10.1.200.3"));
        assertFalse(isLan(custom, "10.2.0.1"));
        assertFalse(isPublic(custom, "10.2.0.1"), "private use stays special even outside the configured LAN");
        assertTrue(isLan(custom, "2001:db8:1:ffff::1"));
        assertFalse(isLan(custom, "2001:db8:2::1"));
        assertEquals(false, isLan(DEFAULT, "8.8.8.8"));
    }

    private static boolean isPublic(final AddressScope scope, final String text)
    {
        final byte[] bytes = InetAddress.ofLiteral(text).getAddress();
        return scope.isPublic(new UnsafeBuffer(bytes), 0, bytes.length == 4 ? 4 : 6);
    }

    private static boolean isLan(final AddressScope scope, final String text)
    {
        final byte[] bytes = InetAddress.ofLiteral(text).getAddress();
        return scope.isLan(new UnsafeBuffer(bytes), 0, bytes.length == 4 ? 4 : 6);
    }
}
