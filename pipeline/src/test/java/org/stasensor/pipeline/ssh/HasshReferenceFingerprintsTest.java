package org.stasensor.pipeline.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.ssh.TsharkSsh.Connection;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference data of salesforce/hassh ({@code hassh_fingerprints.csv}: SSH clients in container images, their
 * identification string, hasshAlgorithms and HASSH). Every row's HASSH is what {@link Hassh} computes from a KEXINIT
 * carrying the row's lists, for the client and (same text, server positions) the server form; and every corpus
 * client whose HASSH is in the table is the client software the table names.
 */
class HasshReferenceFingerprintsTest
{
    private static final String CSV = "hassh/hassh_fingerprints.csv";

    private final Hassh hassh = new Hassh();

    @Test
    void everyReferenceRowHashesToItsHassh()
    {
        final List<Map<String, String>> rows = rows();
        assertTrue(rows.size() >= 40, rows.size() + " rows");
        for (final Map<String, String> row : rows)
        {
            final String algorithms = row.get("hasshAlgorithms");
            final String[] parts = algorithms.split(";", -1);
            assertEquals(4, parts.length, algorithms);
            final byte[] client = SshBytes.kexInit(List.of(parts[0], "ssh-ed25519", parts[1], "unused-cipher",
                parts[2], "unused-mac", parts[3], "unused-compression", "", ""), false);
            final byte[] server = SshBytes.kexInit(List.of(parts[0], "ssh-ed25519", "unused-cipher", parts[1],
                "unused-mac", parts[2], "unused-compression", parts[3], "", ""), false);
            final KexInit kexInit = new KexInit();
            assertTrue(KexInitParser.parse(SshBytes.at(client, 5), 5, client.length, kexInit));
            assertTrue(hassh.computeClient(kexInit));
            assertTrue(KexInitParser.parse(new UnsafeBuffer(server), 0, server.length, kexInit));
            assertTrue(hassh.computeServer(kexInit));
            final String where = row.get("image") + " " + row.get("imageVersion") + " " + row.get("sshClient");
            assertEquals(row.get("hassh"), ascii(hassh.hassh(), Hassh.HASH_LENGTH), where);
            assertEquals(algorithms, ascii(hassh.hasshText(), hassh.hasshTextLength()), where);
            assertEquals(row.get("hassh"), ascii(hassh.hasshServer(), Hassh.HASH_LENGTH), where);
        }
    }

    @Test
    void corpusClientsWithAReferenceHasshAreTheClientsTheTableNames()
    {
        final Map<String, List<Map<String, String>>> byHassh = new HashMap<>();
        for (final Map<String, String> row : rows())
        {
            byHassh.computeIfAbsent(row.get("hassh"), key -> new ArrayList<>()).add(row);
        }
        final SshHandshake handshake = new SshHandshake();
        int known = 0;
        final List<String> unknown = new ArrayList<>();
        for (final String capture : new String[]{"nDPI/pcap/ssh.pcap", "ja4/pcap/ssh-r.pcap",
            "ja4/pcap/ssh-scp-1050.pcap", "ja4/pcap/ssh.pcapng", "ja4/pcap/ssh2.pcapng", "ja4/pcap/ssh2-malformed.pcap",
            "ja4/pcap/tcpdump-geneve.pcap", "ja4/pcap/gre-sample.pcap"})
        {
            for (final Connection connection : TsharkSsh.read(TestFiles.corpusFile(capture), 0))
            {
                final int result = handshake.parse(new UnsafeBuffer(connection.client()), 0,
                    connection.client().length, new UnsafeBuffer(connection.server()), 0, connection.server().length);
                if ((result & SshHandshake.HASSH) == 0)
                {
                    continue;
                }
                final SshIdentification line = handshake.client().identification();
                final String identification = SshBytes.text(line.buffer(), line.lineOffset(), line.lineLength());
                final String value = ascii(handshake.hassh().hassh(), Hassh.HASH_LENGTH);
                final List<Map<String, String>> rows = byHassh.get(value);
                if (rows == null)
                {
                    unknown.add(connection.where() + " " + identification + " " + value);
                    continue;
                }
                known++;
                final String text = ascii(handshake.hassh().hasshText(), handshake.hassh().hasshTextLength());
                boolean named = false;
                for (final Map<String, String> row : rows)
                {
                    assertEquals(row.get("hasshAlgorithms"), text, connection.where());
                    named |= identification.startsWith(row.get("clientIdentificationString"));
                }
                assertTrue(named, connection.where() + ": " + identification + " is none of the clients the table "
                    + "gives for " + value);
            }
        }
        System.out.println("corpus clients in the hassh table: " + known + "; not in it: " + unknown);
        assertTrue(known >= 4, known + " corpus clients found in the table");
    }

    private static List<Map<String, String>> rows()
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(TestFiles.corpusFile(CSV), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final List<String> header = split(lines.get(0));
        final List<Map<String, String>> rows = new ArrayList<>();
        for (final String line : lines.subList(1, lines.size()))
        {
            if (!line.isBlank())
            {
                final List<String> values = split(line);
                assertEquals(header.size(), values.size(), line);
                final Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.size(); i++)
                {
                    row.put(header.get(i), values.get(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** RFC 4180 fields: quoted ones may hold commas; a doubled quote is a quote. */
    private static List<String> split(final String line)
    {
        final List<String> fields = new ArrayList<>();
        final StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++)
        {
            final char c = line.charAt(i);
            if (quoted)
            {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"')
                {
                    field.append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.add(field.toString());
                field.setLength(0);
            }
            else
            {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static String ascii(final byte[] bytes, final int length)
    {
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }
}
