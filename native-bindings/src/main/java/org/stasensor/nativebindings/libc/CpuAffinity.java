package org.stasensor.nativebindings.libc;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * CPU affinity of the calling thread through sched_getaffinity(2) / sched_setaffinity(2) with pid 0 (the calling
 * thread). Interim version until the libc header class lands; same API.
 */
public final class CpuAffinity
{
    private static final int MASK_BYTES = 128;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_HANDLE = Linker.Option.captureStateLayout()
        .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final FunctionDescriptor AFFINITY = FunctionDescriptor.of(ValueLayout.JAVA_INT,
        ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);
    private static final MethodHandle GET = LINKER.downcallHandle(
        LINKER.defaultLookup().find("sched_getaffinity").orElseThrow(), AFFINITY, ERRNO);
    private static final MethodHandle SET = LINKER.downcallHandle(
        LINKER.defaultLookup().find("sched_setaffinity").orElseThrow(), AFFINITY, ERRNO);
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
        LINKER.defaultLookup().find("strerror").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.ADDRESS.withTargetLayout(
            java.lang.foreign.MemoryLayout.sequenceLayout(256, ValueLayout.JAVA_BYTE)), ValueLayout.JAVA_INT));

    private CpuAffinity()
    {
    }

    /**
     * CPUs the calling thread may run on.
     *
     * @return CPU numbers, ascending.
     */
    public static int[] allowedCpus()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            final MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            final int result = (int)GET.invokeExact(state, 0, (long)MASK_BYTES, mask);
            if (result != 0)
            {
                throw new IllegalStateException("cannot read the CPU affinity: " + error(state));
            }
            return IntStream.range(0, MASK_BYTES * 8)
                .filter(cpu -> (mask.get(ValueLayout.JAVA_BYTE, cpu >>> 3) & (1 << (cpu & 7))) != 0)
                .toArray();
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Pins the calling thread to one CPU.
     *
     * @param cpu the CPU.
     * @throws IllegalStateException with a one-line reason when the kernel refuses.
     */
    public static void pinCurrentThread(final int cpu)
    {
        if (cpu < 0 || cpu >= MASK_BYTES * 8)
        {
            throw new IllegalStateException("cannot pin to CPU " + cpu + ": no such CPU (allowed CPUs: "
                + Arrays.toString(allowedCpus()) + ")");
        }
        set(new int[] {cpu}, "cannot pin to CPU " + cpu);
    }

    /**
     * Sets the calling thread's CPUs back.
     *
     * @param cpus the CPUs it may run on.
     */
    public static void restoreCurrentThread(final int[] cpus)
    {
        set(cpus, "cannot restore the CPU affinity");
    }

    private static void set(final int[] cpus, final String what)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            final MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            for (final int cpu : cpus)
            {
                final long index = cpu >>> 3;
                mask.set(ValueLayout.JAVA_BYTE, index, (byte)(mask.get(ValueLayout.JAVA_BYTE, index) | 1 << (cpu & 7)));
            }
            final int result = (int)SET.invokeExact(state, 0, (long)MASK_BYTES, mask);
            if (result != 0)
            {
                throw new IllegalStateException(what + ": " + error(state) + " (allowed CPUs: "
                    + Arrays.toString(allowedCpus()) + ")");
            }
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static String error(final MemorySegment state) throws Throwable
    {
        final int errno = (int)ERRNO_HANDLE.get(state, 0L);
        final MemorySegment text = (MemorySegment)STRERROR.invokeExact(errno);
        return text.getString(0);
    }
}
