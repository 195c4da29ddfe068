package org.stasensor.nativebindings.libc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * The kernel is the oracle: after each call the thread's {@code Cpus_allowed_list} in
 * {@code /proc/self/task/<tid>/status} must say what was asked. Every pinning runs on a thread of its own so that
 * the test runner's threads keep their CPUs.
 */
final class CpuAffinityTest
{
    @Test
    void allowedCpusAreWhatTheKernelListsForTheThread() throws Exception
    {
        onNewThread(() ->
        {
            assertArrayEquals(kernelCpus(Libc.gettid()), CpuAffinity.allowedCpus());
            return null;
        });
    }

    @Test
    void gettidIsTheThreadThatProcThreadSelfNames() throws Exception
    {
        onNewThread(() ->
        {
            final String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            assertEquals(ProcessHandle.current().pid() + "/task/" + Libc.gettid(), link);
            return null;
        });
    }

    @Test
    void pinningMovesOnlyTheCallingThreadToThatCpuAndRestoringUndoesIt() throws Exception
    {
        final int testThread = onNewThread(Libc::gettid);
        final int[] processCpus = kernelCpus((int)ProcessHandle.current().pid());
        onNewThread(() ->
        {
            final int tid = Libc.gettid();
            final int[] before = CpuAffinity.allowedCpus();
            for (final int cpu : before)
            {
                CpuAffinity.pinCurrentThread(cpu);
                assertArrayEquals(new int[] {cpu}, kernelCpus(tid), "after pinning to CPU " + cpu);
                assertArrayEquals(new int[] {cpu}, CpuAffinity.allowedCpus());
            }
            assertArrayEquals(processCpus, kernelCpus((int)ProcessHandle.current().pid()),
                "the main thread must keep its CPUs: pid 0 means the calling thread");
            CpuAffinity.restoreCurrentThread(before);
            assertArrayEquals(before, kernelCpus(tid));
            return null;
        });
        assertNotEquals(0, testThread);
    }

    @Test
    void aCpuTheThreadMayNotUseIsRefusedInOneLineNamingTheAllowedCpus() throws Exception
    {
        onNewThread(() ->
        {
            final int[] allowed = kernelCpus(Libc.gettid());
            final int outside = IntStream.range(0, 1024).filter(cpu -> Arrays.stream(allowed).noneMatch(a -> a == cpu))
                .filter(cpu -> !Files.exists(Path.of("/sys/devices/system/cpu/cpu" + cpu))).findFirst().orElseThrow();
            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> CpuAffinity.pinCurrentThread(outside));
            // EINVAL: no CPU of the mask is both online and allowed (sched_setaffinity(2)).
            assertEquals("cannot pin to CPU " + outside + ": Invalid argument (allowed CPUs: "
                + kernelCpuList(Libc.gettid()) + ")", refused.getMessage());
            assertArrayEquals(allowed, kernelCpus(Libc.gettid()), "a refused pin leaves the mask alone");

            final IllegalStateException negative = assertThrows(IllegalStateException.class,
                () -> CpuAffinity.pinCurrentThread(-1));
            assertEquals("cannot pin to CPU -1: no such CPU (allowed CPUs: " + kernelCpuList(Libc.gettid()) + ")",
                negative.getMessage());
            return null;
        });
    }

    @Test
    void cpuListIsTheKernelsListFormat()
    {
        // Documented in Documentation/admin-guide/cputopology.rst and cpuset(7), "List format".
        assertEquals("0-3,6,8-9", CpuAffinity.cpuList(new int[] {0, 1, 2, 3, 6, 8, 9}));
        assertEquals("5", CpuAffinity.cpuList(new int[] {5}));
        assertEquals("", CpuAffinity.cpuList(new int[0]));
        assertArrayEquals(new int[] {0, 1, 2, 3, 6, 8, 9}, parseCpuList("0-3,6,8-9"));
    }

    private static String kernelCpuList(final int tid)
    {
        try
        {
            final String status = Files.readString(Path.of("/proc/self/task/" + tid + "/status"));
            return status.lines().filter(line -> line.startsWith("Cpus_allowed_list:"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElseThrow();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static int[] kernelCpus(final int tid)
    {
        return parseCpuList(kernelCpuList(tid));
    }

    private static int[] parseCpuList(final String list)
    {
        return Arrays.stream(list.split(",")).filter(part -> !part.isEmpty()).flatMapToInt(part ->
        {
            final int dash = part.indexOf('-');
            return dash < 0 ? IntStream.of(Integer.parseInt(part)) :
                IntStream.rangeClosed(Integer.parseInt(part.substring(0, dash)),
                    Integer.parseInt(part.substring(dash + 1)));
        }).toArray();
    }

    private static <T> T onNewThread(final Callable<T> body) throws Exception
    {
        final FutureTask<T> task = new FutureTask<>(body);
        final Thread thread = new Thread(task, "affinity-test");
        thread.start();
        thread.join();
        try
        {
            return task.get();
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof Error error)
            {
                throw error;
            }
            throw (Exception)ex.getCause();
        }
    }
}
