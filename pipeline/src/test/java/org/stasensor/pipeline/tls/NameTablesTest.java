package org.stasensor.pipeline.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The IANA name tables against Wireshark's own tables ({@code tshark -G values}) and the registry entries the RFCs
 * define.
 */
class NameTablesTest
{
    /**
     * Wireshark 4.0 names 0x0200-0x0202 after the Open Quantum Safe provider's provisional assignments (frodo640aes,
     * ...); IANA has since registered MLKEM512/768/1024 there.
     */
    private static final Set<Integer> WIRESHARK_PRE_IANA_GROUPS = Set.of(0x0200, 0x0201, 0x0202);

    @Test
    void cipherSuiteNamesAgreeWithWireshark()
    {
        final List<String> differences = new ArrayList<>();
        int common = 0;
        for (final String[] entry : wiresharkValues("tls.handshake.ciphersuite"))
        {
            final int code = Integer.decode(entry[0]);
            final String ours = CipherSuites.name(code);
            if (ours != null)
            {
                common++;
                if (!ours.equals(entry[1]))
                {
                    differences.add(entry[0] + ": Wireshark " + entry[1] + ", table " + ours);
                }
            }
        }
        System.out.println("cipher suite names compared with Wireshark: " + common + " of "
            + CipherSuites.REGISTERED);
        assertEquals(CipherSuites.REGISTERED, CipherSuites.size());
        assertTrue(common >= 340, "only " + common + " names in common");
        assertTrue(differences.isEmpty(), String.join("\n", differences));
    }

    @Test
    void namedGroupNamesAgreeWithWireshark()
    {
        final List<String> differences = new ArrayList<>();
        int common = 0;
        for (final String[] entry : wiresharkValues("tls.handshake.extensions_supported_group"))
        {
            final int code = Integer.decode(entry[0]);
            final String ours = NamedGroups.name(code);
            if (ours != null && !WIRESHARK_PRE_IANA_GROUPS.contains(code))
            {
                common++;
                if (!ours.equals(entry[1]))
                {
                    differences.add(entry[0] + ": Wireshark " + entry[1] + ", table " + ours);
                }
            }
        }
        assertEquals(NamedGroups.REGISTERED, NamedGroups.size());
        assertTrue(common >= 30, "only " + common + " names in common");
        assertTrue(differences.isEmpty(), String.join("\n", differences));
    }

    @Test
    void registryEntriesTheRfcsDefine()
    {
        assertEquals("TLS_AES_128_GCM_SHA256", CipherSuites.name(0x1301));
        assertEquals("TLS_CHACHA20_POLY1305_SHA256", CipherSuites.name(0x1303));
        assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", CipherSuites.name(0xC02F));
        assertEquals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV", CipherSuites.name(0x00FF));
        assertEquals("TLS_FALLBACK_SCSV", CipherSuites.name(0x5600));
        assertNull(CipherSuites.name(0x0A0A), "GREASE has no name");
        assertNull(CipherSuites.name(0x10000));
        assertNull(CipherSuites.name(-1));
        assertEquals("x25519", NamedGroups.name(NamedGroups.X25519));
        assertEquals("secp256r1", NamedGroups.name(NamedGroups.SECP256R1));
        assertEquals("ffdhe2048", NamedGroups.name(256));
        assertEquals("X25519MLKEM768", NamedGroups.name(NamedGroups.X25519_MLKEM768));
        assertNull(NamedGroups.name(0x1A1A));
        assertArrayEquals("TLS_AES_128_GCM_SHA256".getBytes(StandardCharsets.US_ASCII),
            CipherSuites.nameBytes(0x1301));
        assertSame(CipherSuites.name(0x1301), CipherSuites.name(0x1301), "a constant, not a new string");
    }

    @Test
    void versionTextsForEcsAndJa4()
    {
        final int[] versions = {0x0002, 0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0xFEFF, 0xFEFD, 0xFEFC};
        final String[] names = {"2.0", "3.0", "1.0", "1.1", "1.2", "1.3", "1.0", "1.2", "1.3"};
        final String[] protocols = {"ssl", "ssl", "tls", "tls", "tls", "tls", "dtls", "dtls", "dtls"};
        final String[] ja4 = {"s2", "s3", "10", "11", "12", "13", "d1", "d2", "d3"};
        for (int i = 0; i < versions.length; i++)
        {
            assertEquals(names[i], TlsVersion.name(versions[i]));
            assertEquals(protocols[i], TlsVersion.protocol(versions[i]));
            assertEquals(ja4[i], new String(TlsVersion.ja4Code(versions[i]), StandardCharsets.US_ASCII));
            assertArrayEquals(names[i].getBytes(StandardCharsets.US_ASCII), TlsVersion.nameBytes(versions[i]));
            assertArrayEquals(protocols[i].getBytes(StandardCharsets.US_ASCII),
                TlsVersion.protocolBytes(versions[i]));
        }
        assertNull(TlsVersion.name(0x7F1C), "a TLS 1.3 draft number is not a version name");
        assertEquals("00", new String(TlsVersion.ja4Code(0x0305), StandardCharsets.US_ASCII));
    }

    private static String wiresharkTables;

    private static List<String[]> wiresharkValues(final String field)
    {
        if (wiresharkTables == null)
        {
            wiresharkTables = new String(TsharkHandshakes.execute(List.of("tshark", "-G", "values")),
                StandardCharsets.UTF_8);
        }
        final String all = wiresharkTables;
        final List<String[]> values = new ArrayList<>();
        for (final String line : all.split("\n"))
        {
            final String[] columns = line.split("\t");
            if (columns.length == 4 && columns[0].equals("V") && columns[1].equals(field))
            {
                values.add(new String[]{columns[2], columns[3]});
            }
        }
        assertTrue(values.size() > 20, "tshark -G values lists " + field);
        return values;
    }
}
