package org.stasensor.nativebindings.libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * CPU affinity of the calling thread through sched_getaffinity(2) / sched_setaffinity(2) with pid 0, which the
 * kernel reads as "the calling thread" (not the process). Used once per worker at start-up, so it may allocate.
 */
public final class CpuAffinity
{
    /** glibc's cpu_set_t: 1024 CPUs; grown when the kernel says the mask is too small (EINVAL). */
    private static final int DEFAULT_MASK_BYTES = 128;
    /** The kernel's NR_CPUS upper bound (CONFIG_NR_CPUS max 8192) with room to spare. */
    private static final int MAX_MASK_BYTES = 8192;

    private CpuAffinity()
    {
    }

    /**
     * CPUs the calling thread may run on.
     *
     * @return CPU numbers, ascending.
     * @throws IllegalStateException when the kernel refuses (it does not for the calling thread).
     */
    public static int[] allowedCpus()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = Libc.allocateCallState(arena);
            for (int bytes = DEFAULT_MASK_BYTES; bytes <= MAX_MASK_BYTES; bytes <<= 1)
            {
                final MemorySegment mask = arena.allocate(bytes, Long.BYTES);
                if (Libc.sched_getaffinity(state, 0, bytes, mask) == 0)
                {
                    return cpusOf(mask);
                }
                if (Libc.errno(state) != Libc.EINVAL())
                {
                    break;
                }
            }
            throw new IllegalStateException("cannot read the CPU affinity: " + Libc.errorText(Libc.errno(state)));
        }
    }

    /**
     * Pins the calling thread to one CPU.
     *
     * @param cpu the CPU.
     * @throws IllegalStateException with a one-line reason when the kernel refuses, e.g.
     *                               {@code cannot pin to CPU 7: Invalid argument (allowed CPUs: 0-1)}.
     */
    public static void pinCurrentThread(final int cpu)
    {
        if (cpu < 0 || cpu >= MAX_MASK_BYTES * Byte.SIZE)
        {
            throw new IllegalStateException("cannot pin to CPU " + cpu + ": no such CPU (allowed CPUs: "
                + cpuList(allowedCpus()) + ")");
        }
        set(new int[] {cpu}, "cannot pin to CPU " + cpu);
    }

    /**
     * Sets the calling thread's CPUs back, e.g. to what {@link #allowedCpus()} returned before pinning.
     *
     * @param cpus the CPUs it may run on.
     * @throws IllegalStateException with a one-line reason when the kernel refuses.
     */
    public static void restoreCurrentThread(final int[] cpus)
    {
        for (final int cpu : cpus)
        {
            if (cpu < 0 || cpu >= MAX_MASK_BYTES * Byte.SIZE)
            {
                throw new IllegalStateException("cannot restore the CPU affinity to " + cpuList(cpus)
                    + ": no such CPU " + cpu);
            }
        }
        set(cpus, "cannot restore the CPU affinity to " + cpuList(cpus));
    }

    /**
     * CPU numbers in the kernel's list format ({@code Cpus_allowed_list} in /proc, {@code taskset -c}).
     *
     * @param cpus CPU numbers, ascending.
     * @return e.g. {@code 0-3,6,8-9}; empty for none.
     */
    public static String cpuList(final int[] cpus)
    {
        final StringBuilder list = new StringBuilder();
        int i = 0;
        while (i < cpus.length)
        {
            int j = i;
            while (j + 1 < cpus.length && cpus[j + 1] == cpus[j] + 1)
            {
                j++;
            }
            if (list.length() > 0)
            {
                list.append(',');
            }
            list.append(cpus[i]);
            if (j > i)
            {
                list.append('-').append(cpus[j]);
            }
            i = j + 1;
        }
        return list.toString();
    }

    private static void set(final int[] cpus, final String what)
    {
        final int highest = Arrays.stream(cpus).max().orElse(0);
        final int bytes = Math.max(DEFAULT_MASK_BYTES, (highest / Long.SIZE + 1) * Long.BYTES);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = Libc.allocateCallState(arena);
            final MemorySegment mask = arena.allocate(bytes, Long.BYTES);
            for (final int cpu : cpus)
            {
                final long index = cpu >>> 3;
                final byte bits = mask.get(ValueLayout.JAVA_BYTE, index);
                mask.set(ValueLayout.JAVA_BYTE, index, (byte)(bits | 1 << (cpu & 7)));
            }
            if (Libc.sched_setaffinity(state, 0, bytes, mask) != 0)
            {
                final String reason = Libc.errorText(Libc.errno(state));
                throw new IllegalStateException(what + ": " + reason + " (allowed CPUs: " + cpuList(allowedCpus())
                    + ")");
            }
        }
    }

    private static int[] cpusOf(final MemorySegment mask)
    {
        final int bits = (int)mask.byteSize() * Byte.SIZE;
        int count = 0;
        final int[] cpus = new int[bits];
        for (int cpu = 0; cpu < bits; cpu++)
        {
            if ((mask.get(ValueLayout.JAVA_BYTE, cpu >>> 3) & 1 << (cpu & 7)) != 0)
            {
                cpus[count++] = cpu;
            }
        }
        return Arrays.copyOf(cpus, count);
    }
}
