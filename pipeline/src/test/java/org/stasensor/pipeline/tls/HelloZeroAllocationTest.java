package org.stasensor.pipeline.tls;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.testing.TestFiles;
import org.stasensor.pipeline.tls.TsharkHandshakes.Handshake;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The hot path allocates nothing once warm: parsing ClientHellos and ServerHellos, computing JA3, JA3S and JA4 and
 * looking up names, measured with the JVM's per-thread allocation counter.
 */
class HelloZeroAllocationTest
{
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 20_000;
    private static final int ATTEMPTS = 5;

    @Test
    void parsingAndFingerprintingAllocateNothing()
    {
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean)threads;
        assumeTrue(counter.isThreadAllocatedMemorySupported() && counter.isThreadAllocatedMemoryEnabled());

        final List<UnsafeBuffer> messages = new ArrayList<>();
        for (final String capture : new String[]{"ja4/pcap/tls3.pcapng", "nDPI/pcap/ja3_lots_of_cipher_suites.pcap"})
        {
            for (final Handshake shark : TsharkHandshakes.read(TestFiles.corpusFile(capture), "tls"))
            {
                messages.add(new UnsafeBuffer(shark.message()));
            }
        }
        final byte[] sslv2 = HelloBytes.sslv2ClientHello(0x0301, new int[]{0x010080, 0x00c02f}, new byte[16]);
        messages.add(new UnsafeBuffer(sslv2));
        final UnsafeBuffer[] all = messages.toArray(new UnsafeBuffer[0]);
        final Round round = new Round();

        long work = 0;
        for (int i = 0; i < WARM_UP; i++)
        {
            work += round.run(all[i % all.length]);
        }
        // The JIT may still be compiling the rarer paths after the warm-up; steady state is what is asserted.
        long allocated = Long.MAX_VALUE;
        for (int attempt = 0; attempt < ATTEMPTS && allocated >= MEASURED; attempt++)
        {
            final long before = counter.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < MEASURED; i++)
            {
                work += round.run(all[i % all.length]);
            }
            allocated = counter.getCurrentThreadAllocatedBytes() - before;
        }

        assertTrue(work > MEASURED, "the rounds did work");
        assertTrue(allocated < MEASURED, allocated + " bytes allocated in " + MEASURED + " hellos");
    }

    private static final class Round
    {
        private final ClientHello client = new ClientHello();
        private final ServerHello server = new ServerHello();
        private final Ja3 ja3 = new Ja3();
        private final Ja4 ja4 = new Ja4();

        int run(final UnsafeBuffer message)
        {
            int work = 0;
            final int type = message.getByte(0) & 0xFF;
            if (type == ClientHelloParser.CLIENT_HELLO && ClientHelloParser.parse(message, 0, message.capacity(),
                client))
            {
                work += ja3.computeJa3(client) ? ja3.ja3TextLength() : 0;
                work += ja4.compute(client, Ja4.TRANSPORT_TCP) ? ja4.rawLength() : 0;
                for (int i = 0; i < client.supportedGroupCount(); i++)
                {
                    final String name = NamedGroups.name(client.supportedGroup(i));
                    work += name == null ? 0 : name.length();
                }
            }
            else if (type == ServerHelloParser.SERVER_HELLO
                && ServerHelloParser.parse(message, 0, message.capacity(), server))
            {
                work += ja3.computeJa3s(server) ? ja3.ja3sTextLength() : 0;
                final String cipher = CipherSuites.name(server.cipherSuite());
                final byte[] version = TlsVersion.nameBytes(server.negotiatedVersion());
                work += (cipher == null ? 0 : cipher.length()) + (version == null ? 0 : version.length);
            }
            else if (ClientHelloParser.parseSslv2(message, 0, message.capacity(), client))
            {
                work += ja3.computeJa3(client) ? ja3.ja3TextLength() : 0;
            }
            return work;
        }
    }
}
