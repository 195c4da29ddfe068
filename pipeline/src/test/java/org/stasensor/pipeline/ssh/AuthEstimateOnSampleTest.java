package org.stasensor.pipeline.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The authentication estimate on the bundled sample, whose outcomes are known from how it was made
 * ({@code appliance/samples/make-sample.sh}: OpenSSH 9.2 with one wrong password and NumberOfPasswordPrompts=1, then
 * the right password), plus the estimator's contract on edge input. The full accuracy measurement against real sshd
 * sessions is the appliance's {@code sshauth} lab test.
 */
class AuthEstimateOnSampleTest
{
    @Test
    void onePasswordFailedThenOneSucceeded()
    {
        final Path sample = TestFiles.projectRoot().resolve("appliance/samples/sample.pcap");
        assumeTrue(Files.isRegularFile(sample), "no sample capture");
        final List<CapturedSsh.Connection> connections = CapturedSsh.read(sample, 2222);
        assertEquals(2, connections.size());
        final CapturedSsh.Connection failed = connections.get(0);
        final CapturedSsh.Connection succeeded = connections.get(1);
        assertArrayEquals(new int[]{1, SshAuthEstimator.RESULT_FAILURE}, failed.estimate(), failed.describe());
        assertArrayEquals(new int[]{1, SshAuthEstimator.RESULT_SUCCESS}, succeeded.estimate(), succeeded.describe());
    }

    @Test
    void aSuccessIsFinalAtOnceAndAFailureOnlyProvisionalUntilTheEnd()
    {
        final UnsafeBuffer state = new UnsafeBuffer(new byte[SshAuthEstimator.STATE_LENGTH + 8]);
        final int at = 8;
        SshAuthEstimator.reset(state, at);
        // The sizes OpenSSH 9.2 with chacha20-poly1305 gives: SERVICE_REQUEST/ACCEPT 44, none 68, failure 52.
        feed(state, at, "c44 s44 c68 s52 c148 s52 c148");
        assertEquals(SshAuthEstimator.RESULT_FAILURE, SshAuthEstimator.result(state, at));
        assertFalse(SshAuthEstimator.isDecided(state, at));
        feed(state, at, "s28");
        assertTrue(SshAuthEstimator.isDecided(state, at));
        assertEquals(SshAuthEstimator.RESULT_SUCCESS, SshAuthEstimator.result(state, at));
        assertEquals(2, SshAuthEstimator.attempts(state, at));
        feed(state, at, "c112 s52 c52 s52");
        SshAuthEstimator.finish(state, at);
        assertEquals(2, SshAuthEstimator.attempts(state, at), "nothing counts after the decision");
        assertEquals("success", new String(SshAuthEstimator.resultName(SshAuthEstimator.result(state, at)),
            java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void nothingEncryptedOrOnlyTheServiceExchangeIsUnknown()
    {
        final UnsafeBuffer state = new UnsafeBuffer(new byte[SshAuthEstimator.STATE_LENGTH]);
        SshAuthEstimator.reset(state, 0);
        SshAuthEstimator.finish(state, 0);
        assertEquals(SshAuthEstimator.RESULT_UNKNOWN, SshAuthEstimator.result(state, 0));
        SshAuthEstimator.reset(state, 0);
        feed(state, 0, "s100 c44 s44 c68 s52");
        SshAuthEstimator.finish(state, 0);
        assertEquals(0, SshAuthEstimator.attempts(state, 0), "only the none probe was answered");
        assertEquals(SshAuthEstimator.RESULT_UNKNOWN, SshAuthEstimator.result(state, 0));
    }

    @Test
    void hostileSizesNeverThrowAndStayBounded()
    {
        final UnsafeBuffer state = new UnsafeBuffer(new byte[SshAuthEstimator.STATE_LENGTH]);
        final java.util.Random random = new java.util.Random(5);
        for (int run = 0; run < 2000; run++)
        {
            SshAuthEstimator.reset(state, 0);
            final int events = random.nextInt(400);
            for (int i = 0; i < events; i++)
            {
                final int size = random.nextInt(8) == 0 ? Integer.MAX_VALUE - random.nextInt(3)
                    : random.nextInt(5) == 0 ? -random.nextInt(100) : 16 + random.nextInt(96);
                SshAuthEstimator.onPayload(state, 0, random.nextBoolean(), size);
            }
            SshAuthEstimator.finish(state, 0);
            final int attempts = SshAuthEstimator.attempts(state, 0);
            assertTrue(attempts >= 0 && attempts <= 2 * SshAuthEstimator.MAX_AUTH_TURNS + 2, "" + attempts);
        }
    }

    private static void feed(final UnsafeBuffer state, final int at, final String sequence)
    {
        for (final String event : sequence.split(" "))
        {
            SshAuthEstimator.onPayload(state, at, event.charAt(0) == 'c', Integer.parseInt(event.substring(1)));
        }
    }
}
