package org.stasensor.pipeline.ssh;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.ssh.TsharkSsh.Connection;
import org.stasensor.pipeline.ssh.TsharkSsh.Side;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every SSH connection of the corpus captures and of the bundled sample, read from tshark's reassembled bytes of each
 * direction, gives what tshark gives: identification lines ({@code ssh.protocol}), the ten KEXINIT name-lists and
 * first_kex_packet_follows, HASSH and HASSHServer with their strings, and the algorithms Wireshark negotiated itself
 * (key exchange method, cipher, MAC and compression of each direction, from its tree labels), plus the host key
 * algorithm against the signature type of the server's key exchange reply. All differences are reported at once.
 */
class HandshakesMatchTsharkTest
{
    private static final Pattern VERSION_LABEL =
        Pattern.compile("SSH Version 2 \\(encryption:(\\S+)(?: mac:(\\S+))? compression:(\\S+)\\)");
    private static final int OFFSET = 7;

    private final SshHandshake handshake = new SshHandshake();
    private final List<String> mismatches = new ArrayList<>();
    private int identifications;
    private int kexInits;
    private int hasshes;
    private int negotiations;
    private int negotiatedFields;

    @Test
    void everyCorpusConnectionMatchesTshark()
    {
        final List<Path> captures = new ArrayList<>();
        for (final String capture : new String[]{"nDPI/pcap/ssh.pcap", "nDPI/pcap/ssh_unidirectional.pcap",
            "ja4/pcap/ssh-r.pcap", "ja4/pcap/ssh-scp-1050.pcap", "ja4/pcap/ssh.pcapng", "ja4/pcap/ssh2.pcapng",
            "ja4/pcap/sshv1.pcap", "ja4/pcap/ssh2-malformed.pcap", "ja4/pcap/ssh2-moloch-crash.pcap",
            "ja4/pcap/tcpdump-geneve.pcap", "ja4/pcap/v6.pcap", "ja4/pcap/gre-sample.pcap"})
        {
            captures.add(TestFiles.corpusFile(capture));
        }
        TsharkSsh.prefetch(captures);
        for (final Path capture : captures)
        {
            for (final Connection connection : TsharkSsh.read(capture, 0))
            {
                compare(connection);
            }
        }
        final Path sample = TestFiles.projectRoot().resolve("appliance/samples/sample.pcap");
        if (Files.isRegularFile(sample))
        {
            for (final Connection connection : TsharkSsh.read(sample, 2222))
            {
                compare(connection);
            }
        }
        System.out.println("ssh vs tshark: " + identifications + " identification lines, " + kexInits
            + " KEXINITs, " + hasshes + " HASSH/HASSHServer, " + negotiations + " negotiations ("
            + negotiatedFields + " negotiated fields shown by tshark) compared");
        assertTrue(mismatches.isEmpty(), mismatches.size() + " differences:\n" + String.join("\n", mismatches));
        assertTrue(identifications >= 28, identifications + " identification lines compared");
        assertTrue(kexInits >= 24 && hasshes >= 24, kexInits + " KEXINITs, " + hasshes + " fingerprints compared");
        assertTrue(negotiations >= 12 && negotiatedFields >= 60,
            negotiations + " negotiations, " + negotiatedFields + " fields compared");
    }

    private void compare(final Connection connection)
    {
        final UnsafeBuffer client = SshBytes.at(connection.client(), OFFSET);
        final UnsafeBuffer server = SshBytes.at(connection.server(), OFFSET + 3);
        final int result = handshake.parse(client, OFFSET, connection.client().length, server, OFFSET + 3,
            connection.server().length);
        identification(connection, connection.clientSide(), handshake.client(), "client");
        identification(connection, connection.serverSide(), handshake.server(), "server");
        final boolean clientKex = kexInit(connection, connection.clientSide(), handshake.client(), "client");
        final boolean serverKex = kexInit(connection, connection.serverSide(), handshake.server(), "server");
        if (clientKex)
        {
            fingerprint(connection, connection.clientSide(), "ssh.kex.hassh", result, SshHandshake.HASSH,
                handshake.hassh().hassh(), handshake.hassh().hasshText(), handshake.hassh().hasshTextLength());
        }
        if (serverKex)
        {
            fingerprint(connection, connection.serverSide(), "ssh.kex.hasshserver", result,
                SshHandshake.HASSH_SERVER, handshake.hassh().hasshServer(), handshake.hassh().hasshServerText(),
                handshake.hassh().hasshServerTextLength());
        }
        if (clientKex && serverKex)
        {
            negotiation(connection, result);
        }
    }

    private void identification(final Connection connection, final Side side, final SshDirection direction,
        final String who)
    {
        if (side.protocols().isEmpty())
        {
            return;
        }
        identifications++;
        final SshIdentification line = direction.identification();
        if (!direction.has(SshDirection.FLAG_IDENTIFICATION))
        {
            mismatch(connection, who + " identification not found, flags " + direction.flags());
            return;
        }
        check(connection, who + " ssh.protocol", side.protocols().get(0),
            SshBytes.text(line.buffer(), line.lineOffset(), line.lineLength()));
    }

    private boolean kexInit(final Connection connection, final Side side, final SshDirection direction,
        final String who)
    {
        if (side.kexInit().isEmpty())
        {
            return false;
        }
        kexInits++;
        if (!direction.has(SshDirection.FLAG_KEXINIT))
        {
            mismatch(connection, who + " KEXINIT not parsed, flags " + direction.flags());
            return false;
        }
        final KexInit kexInit = direction.kexInit();
        for (int list = 0; list < KexInit.NAME_LISTS; list++)
        {
            final String field = TsharkSsh.KEXINIT_LISTS.get(list);
            check(connection, who + " " + field, side.kexInit().get(field),
                SshBytes.text(kexInit.buffer(), kexInit.listOffset(list), kexInit.listLength(list)));
        }
        check(connection, who + " ssh.first_kex_packet_follows", side.kexInit().get("ssh.first_kex_packet_follows"),
            kexInit.firstKexPacketFollows() ? "1" : "0");
        return true;
    }

    private void fingerprint(final Connection connection, final Side side, final String field, final int result,
        final int bit, final byte[] hash, final byte[] text, final int textLength)
    {
        final String expected = side.kexInit().get(field);
        if (expected == null)
        {
            return;
        }
        hasshes++;
        if ((result & bit) == 0)
        {
            mismatch(connection, field + " not computed");
            return;
        }
        check(connection, field, expected, new String(hash, StandardCharsets.US_ASCII));
        check(connection, field + "_algorithms", side.kexInit().get(field + "_algorithms"),
            new String(text, 0, textLength, StandardCharsets.US_ASCII));
    }

    private void negotiation(final Connection connection, final int result)
    {
        if ((result & SshHandshake.NEGOTIATED) == 0)
        {
            mismatch(connection, "both KEXINITs read but no negotiation");
            return;
        }
        negotiations++;
        final SshAlgorithms algorithms = handshake.algorithms();
        for (final String method : connection.kexMethods())
        {
            check(connection, "Key Exchange (method)", method, chosen(algorithms, SshAlgorithms.KEX));
            negotiatedFields++;
        }
        direction(connection, connection.clientSide(), algorithms, SshAlgorithms.CIPHER_C2S, SshAlgorithms.MAC_C2S,
            SshAlgorithms.COMPRESSION_C2S, "client to server");
        direction(connection, connection.serverSide(), algorithms, SshAlgorithms.CIPHER_S2C, SshAlgorithms.MAC_S2C,
            SshAlgorithms.COMPRESSION_S2C, "server to client");
        for (final String signature : connection.serverSide().sigTypes())
        {
            check(connection, "host key algorithm vs ssh.host_sig.type", signature,
                chosen(algorithms, SshAlgorithms.HOST_KEY));
            negotiatedFields++;
        }
    }

    private void direction(final Connection connection, final Side side, final SshAlgorithms algorithms,
        final int cipher, final int mac, final int compression, final String which)
    {
        for (final String label : side.versionLabel())
        {
            final Matcher matcher = VERSION_LABEL.matcher(label);
            if (!matcher.matches())
            {
                mismatch(connection, "unexpected tshark label " + label);
                continue;
            }
            check(connection, which + " cipher", matcher.group(1), chosen(algorithms, cipher));
            check(connection, which + " MAC", matcher.group(2),
                algorithms.isMacImplicit(mac) ? null : chosen(algorithms, mac));
            check(connection, which + " compression", matcher.group(3), chosen(algorithms, compression));
            negotiatedFields += 3;
        }
    }

    private static String chosen(final SshAlgorithms algorithms, final int field)
    {
        return SshBytes.text(algorithms.buffer(), algorithms.offset(field), algorithms.length(field));
    }

    private void check(final Connection connection, final String what, final String expected, final String actual)
    {
        if (expected == null ? actual != null : !expected.equals(actual))
        {
            mismatch(connection, what + ": tshark '" + expected + "', ours '" + actual + "'");
        }
    }

    private void mismatch(final Connection connection, final String message)
    {
        mismatches.add(connection.where() + ": " + message);
    }

    @Test
    void theSampleNeedsNoDecodeAsToBeFoundByItsBanner()
    {
        final Path sample = TestFiles.projectRoot().resolve("appliance/samples/sample.pcap");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(sample), "no sample capture");
        final List<Connection> connections = TsharkSsh.read(sample, 2222);
        assertEquals(2, connections.size(), "the sample holds two SSH connections on port 2222");
        for (final Connection connection : connections)
        {
            assertTrue(SshIdentificationParser.looksLikeSsh(new UnsafeBuffer(connection.client()), 0,
                connection.client().length), connection.where());
        }
    }
}
