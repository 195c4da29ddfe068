package org.stasensor.appliance.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CpuPlanTest
{
    private static final int[] TWO_CPUS = {0, 1};

    @Test
    void workersTakeTheAllowedCpusInOrder() throws CaptureSetupException
    {
        assertArrayEquals(new int[] {0, 1}, CpuPlan.assign(2, null, TWO_CPUS));
        assertArrayEquals(new int[] {0}, CpuPlan.assign(1, null, TWO_CPUS));
    }

    @Test
    void listedCoresAreUsedInTheOrderGiven() throws CaptureSetupException
    {
        assertArrayEquals(new int[] {1, 0}, CpuPlan.assign(2, new int[] {1, 0}, TWO_CPUS));
    }

    @Test
    void moreWorkersThanCoresIsOneClearLine()
    {
        final CaptureSetupException ex = assertThrows(CaptureSetupException.class,
            () -> CpuPlan.assign(3, null, TWO_CPUS));
        assertEquals("3 workers (one per receive queue) but only 2 CPU(s) to pin them to (0, 1); use fewer queues "
            + "or workers, or list more cores", ex.getMessage());
    }

    @Test
    void aCoreTheProcessMayNotUseIsRefused()
    {
        final CaptureSetupException ex = assertThrows(CaptureSetupException.class,
            () -> CpuPlan.assign(1, new int[] {7}, TWO_CPUS));
        assertEquals("CPU 7 is not available to this process (allowed CPUs: 0, 1)", ex.getMessage());
    }

    @Test
    void aCoreListedTwiceIsRefused()
    {
        assertThrows(CaptureSetupException.class, () -> CpuPlan.assign(2, new int[] {1, 1}, TWO_CPUS));
    }

    @Test
    void cpuListsAreReadAsTheKernelWritesThem() throws CaptureSetupException
    {
        // The format of /sys/devices/system/cpu/online and taskset -c.
        assertArrayEquals(new int[] {0, 2, 3, 4, 7}, CpuPlan.parse("0,2-4,7"));
        assertThrows(CaptureSetupException.class, () -> CpuPlan.parse("1-"));
        assertThrows(CaptureSetupException.class, () -> CpuPlan.parse("3-1"));
        assertThrows(CaptureSetupException.class, () -> CpuPlan.parse("a"));
        assertThrows(CaptureSetupException.class, () -> CpuPlan.parse("-1"));
    }
}
