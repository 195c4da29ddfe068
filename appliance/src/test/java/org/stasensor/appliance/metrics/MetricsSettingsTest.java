package org.stasensor.appliance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The endpoint binds to loopback unless told otherwise: loopback literals (127.0.0.0/8 and ::1, RFC 1122 3.2.1.3 and
 * RFC 4291 2.5.3) are accepted, anything else is refused with a message saying why and what to do, unless the
 * settings explicitly allow it. The JDK's own {@link InetAddress#isLoopbackAddress()} agrees with each case.
 */
class MetricsSettingsTest
{
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "localhost"})
    void loopbackAddressesAreAccepted(final String address)
    {
        final MetricsSettings settings = new MetricsSettings(address, 9477, false,
            MetricsSettings.DEFAULT_JOURNAL_LAG_LIMIT);
        assertTrue(settings.socketAddress().getAddress().isLoopbackAddress());
        assertEquals(9477, settings.socketAddress().getPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "192.0.2.10", "10.0.0.1", "2001:db8::1", "128.0.0.1"})
    void otherAddressesAreRefusedUnlessAllowed(final String address) throws Exception
    {
        assertFalse(InetAddress.ofLiteral(address).isLoopbackAddress(), "the JDK agrees it is not loopback");
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> new MetricsSettings(address, 9477, false, MetricsSettings.DEFAULT_JOURNAL_LAG_LIMIT));
        assertTrue(refused.getMessage().contains(address + " is not a loopback address"), refused.getMessage());
        assertTrue(refused.getMessage().contains("127.0.0.1"), refused.getMessage());

        final MetricsSettings allowed = new MetricsSettings(address, 9477, true,
            MetricsSettings.DEFAULT_JOURNAL_LAG_LIMIT);
        assertEquals(InetAddress.ofLiteral(address), allowed.socketAddress().getAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"metrics.example", "127.0.0.1:9477", "", "256.0.0.1"})
    void namesAndMalformedAddressesAreRefusedWithoutALookup(final String address)
    {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> new MetricsSettings(address, 9477, true, MetricsSettings.DEFAULT_JOURNAL_LAG_LIMIT));
        assertTrue(refused.getMessage().contains("is not an IP address"), refused.getMessage());
    }

    @Test
    void portAndLagLimitAreChecked()
    {
        assertThrows(IllegalArgumentException.class, () -> MetricsSettings.loopback(65_536));
        assertThrows(IllegalArgumentException.class, () -> MetricsSettings.loopback(-1));
        assertThrows(IllegalArgumentException.class,
            () -> new MetricsSettings("127.0.0.1", 9477, false, Duration.ZERO));
        assertEquals(0, MetricsSettings.loopback(0).port());
    }
}
