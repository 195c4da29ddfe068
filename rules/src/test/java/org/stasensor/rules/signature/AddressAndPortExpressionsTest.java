package org.stasensor.rules.signature;

import java.net.InetAddress;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Suricata address and port expressions on addresses the JDK's InetAddress parser turns into bytes.
 */
class AddressAndPortExpressionsTest
{
    private static final Map<String, String> VARS = SignatureSet.Variables.withDefaults(
        Map.of("SERVERS", "[192.0.2.0/24, 2001:db8::/32]", "WEB_PORTS", "[80,443,8000:8100]"));

    @Test
    void homeNetDefaultsAreRfc1918UlaAndLoopback()
    {
        final AddressSet home = AddressSet.parse("$HOME_NET", VARS);
        final AddressSet external = AddressSet.parse("$EXTERNAL_NET", VARS);
        for (final String inside : new String[] {"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "127.0.0.1", "fd00::1", "fc00::1", "::1"})
        {
            assertTrue(contains(home, inside), inside);
            assertFalse(contains(external, inside), inside);
        }
        for (final String outside : new String[] {"172.32.0.1", "8.8.8.8", "2001:4860:4860::8888", "fe80::1"})
        {
            assertFalse(contains(home, outside), outside);
            assertTrue(contains(external, outside), outside);
        }
    }

    @Test
    void listsNegationsAndIpv6Prefixes()
    {
        final AddressSet set = AddressSet.parse("[$SERVERS, !192.0.2.128/25, 198.51.100.7]", VARS);
        assertTrue(contains(set, "192.0.2.1"));
        assertFalse(contains(set, "192.0.2.200"));
        assertTrue(contains(set, "198.51.100.7"));
        assertFalse(contains(set, "198.51.100.8"));
        assertTrue(contains(set, "2001:db8:ffff::1"));
        assertFalse(contains(set, "2001:db9::1"));
        final AddressSet onlyNegations = AddressSet.parse("[!10.0.0.0/8, !192.168.0.0/16]", VARS);
        assertTrue(contains(onlyNegations, "8.8.8.8"));
        assertFalse(contains(onlyNegations, "10.9.9.9"));
        final AddressSet odd = AddressSet.parse("10.0.0.0/9", VARS);
        assertTrue(contains(odd, "10.127.255.255"));
        assertFalse(contains(odd, "10.128.0.0"));
    }

    @Test
    void portRangesListsAndVariables()
    {
        final PortSet web = PortSet.parse("$WEB_PORTS", VARS);
        assertTrue(web.contains(443));
        assertTrue(web.contains(8050));
        assertFalse(web.contains(8101));
        final PortSet high = PortSet.parse("1024:", VARS);
        assertTrue(high.contains(65535));
        assertFalse(high.contains(1023));
        final PortSet low = PortSet.parse(":1023", VARS);
        assertTrue(low.contains(0));
        assertFalse(low.contains(1024));
        final PortSet notDns = PortSet.parse("![53,5353]", VARS);
        assertFalse(notDns.contains(53));
        assertTrue(notDns.contains(54));
        assertEquals("port range 90:80 is empty",
            assertThrows(IllegalArgumentException.class, () -> PortSet.parse("90:80", VARS)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> PortSet.parse("70000", VARS));
        assertThrows(IllegalArgumentException.class, () -> AddressSet.parse("[1.2.3.4", VARS));
        assertThrows(IllegalArgumentException.class, () -> AddressSet.parse("example.com", VARS));
        assertThrows(IllegalArgumentException.class,
            () -> AddressSet.parse("$LOOP", Map.of("LOOP", "$LOOP")));
    }

    private static boolean contains(final AddressSet set, final String address)
    {
        try
        {
            final byte[] bytes = InetAddress.getByName(address).getAddress();
            return set.contains(new UnsafeBuffer(bytes), 0, bytes.length == 4 ? 4 : 6);
        }
        catch (final java.net.UnknownHostException ex)
        {
            throw new IllegalArgumentException(ex);
        }
    }
}
