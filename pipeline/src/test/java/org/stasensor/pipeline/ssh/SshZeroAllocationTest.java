package org.stasensor.pipeline.ssh;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.ssh.TsharkSsh.Connection;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The SSH path allocates nothing once warm: reading both directions (identification, framing, KEXINIT), negotiating,
 * computing HASSH and HASSHServer, and following encrypted sizes, measured with the JVM's per-thread allocation
 * counter.
 */
class SshZeroAllocationTest
{
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 20_000;
    private static final int ATTEMPTS = 5;

    @Test
    void handshakesAndEstimatesAllocateNothing()
    {
        final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean)threads;
        assumeTrue(counter.isThreadAllocatedMemorySupported() && counter.isThreadAllocatedMemoryEnabled());

        final List<UnsafeBuffer[]> connections = new ArrayList<>();
        for (final String capture : new String[]{"ja4/pcap/ssh-r.pcap", "ja4/pcap/ssh.pcapng", "nDPI/pcap/ssh.pcap"})
        {
            for (final Connection connection : TsharkSsh.read(TestFiles.corpusFile(capture), 0))
            {
                connections.add(new UnsafeBuffer[]{new UnsafeBuffer(connection.client()),
                    new UnsafeBuffer(connection.server())});
            }
        }
        final UnsafeBuffer[][] all = connections.toArray(new UnsafeBuffer[0][]);
        final Round round = new Round();
        long work = 0;
        for (int i = 0; i < WARM_UP; i++)
        {
            work += round.run(all[i % all.length]);
        }
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
        assertTrue(allocated < MEASURED, allocated + " bytes allocated in " + MEASURED + " handshakes");
    }

    private static final class Round
    {
        private static final int[] SIZES = {44, 44, 68, 52, 148, 52, 148, 28, 112};

        private final SshHandshake handshake = new SshHandshake();
        private final UnsafeBuffer state = new UnsafeBuffer(new byte[SshAuthEstimator.STATE_LENGTH]);

        int run(final UnsafeBuffer[] connection)
        {
            final int result = handshake.parse(connection[0], 0, connection[0].capacity(), connection[1], 0,
                connection[1].capacity());
            int work = Integer.bitCount(result) + handshake.hassh().hasshTextLength();
            work += handshake.algorithms().length(SshAlgorithms.KEX);
            SshAuthEstimator.reset(state, 0);
            for (int i = 0; i < SIZES.length; i++)
            {
                SshAuthEstimator.onPayload(state, 0, (i & 1) == 0, SIZES[i]);
            }
            SshAuthEstimator.finish(state, 0);
            return work + SshAuthEstimator.attempts(state, 0);
        }
    }
}
