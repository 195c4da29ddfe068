package org.stasensor.benchmarks.capture;

import java.util.BitSet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The port map of a copy: well-known ports stay (so tools recognise protocols by port) and ephemeral ports are
 * permuted within 32768..65535, so no two ports of a seed meet in a copy.
 */
class FlowRewriterTest
{
    @Test
    void wellKnownAndRegisteredPortsStay()
    {
        final FlowRewriter rewriter = new FlowRewriter().copy(12345);
        for (final int port : new int[]{22, 53, 443, 853, 4433, 8443, 32767})
        {
            assertEquals(port, rewriter.mapPort(port));
        }
    }

    @Test
    void ephemeralPortsArePermutedWithinTheirRange()
    {
        final FlowRewriter rewriter = new FlowRewriter().copy(7);
        final BitSet seen = new BitSet(65536);
        for (int port = 32768; port <= 65535; port++)
        {
            final int mapped = rewriter.mapPort(port);
            assertTrue(mapped >= 32768 && mapped <= 65535, "port " + port + " -> " + mapped);
            assertFalse(seen.get(mapped), "two ports map to " + mapped);
            seen.set(mapped);
        }
    }

    @Test
    void copyZeroIsTheSeedUnchanged()
    {
        final FlowRewriter rewriter = new FlowRewriter().copy(0);
        assertEquals(50000, rewriter.mapPort(50000));
    }
}
