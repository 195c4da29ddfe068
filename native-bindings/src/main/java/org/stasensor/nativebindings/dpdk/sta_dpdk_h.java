package org.stasensor.nativebindings.dpdk;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Bindings to {@code sta_dpdk.h}, the C shim over DPDK 22.11 ({@code native-bindings/src/main/c}), in the shape
 * jextract 22 generates for a header class: the C type layouts ({@code C_INT}, {@code C_POINTER}, ...), one nested
 * holder per function with its descriptor, address and downcall handle, static accessors {@code name$descriptor()},
 * {@code name$handle()}, {@code name$address()}, a static method that invokes it, and each macro as a static method
 * returning its value. The structs are {@link sta_dpdk_burst}, {@link sta_dpdk_port_info} and
 * {@link sta_dpdk_port_stats}; {@code StaDpdkLayoutTest} checks every layout and macro against gcc's view of the
 * header. {@code native-bindings/bin/regenerate-bindings} regenerates these files where jextract is installed.
 * <p>
 * Two deliberate differences from plain jextract output, which the script applies after generating: symbols are
 * looked up in the shim library {@link StaDpdkLibrary} found (extracted from this jar, or {@code sta.native.dir}),
 * not through {@code System.loadLibrary}; and the two per-burst functions, {@link #sta_dpdk_rx_burst} and
 * {@link #sta_dpdk_free_bulk}, are linked with {@link Linker.Option#critical(boolean) critical(false)}: they never
 * block or call back into Java, and skipping the thread-state transition makes a downcall cost about 5 ns instead
 * of 12 ns (measured on this project's machines).
 * <p>
 * Loading this class loads the shim (and through it DPDK's shared libraries); when that fails the class cannot be
 * initialised, so callers ask {@link StaDpdkLibrary#loadProblem()} first.
 */
@SuppressWarnings({"checkstyle:TypeName", "checkstyle:MethodName"})
public final class sta_dpdk_h
{
    sta_dpdk_h()
    {
        // Should not be called directly
    }

    static final Arena LIBRARY_ARENA = Arena.ofAuto();
    static final boolean TRACE_DOWNCALLS = Boolean.getBoolean("jextract.trace.downcalls");

    static final SymbolLookup SYMBOL_LOOKUP = SymbolLookup.libraryLookup(StaDpdkLibrary.path(), LIBRARY_ARENA)
        .or(SymbolLookup.loaderLookup())
        .or(Linker.nativeLinker().defaultLookup());

    private static final Linker.Option CRITICAL = Linker.Option.critical(false);

    /** C {@code _Bool}. */
    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    /** C {@code char}. */
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    /** C {@code short}. */
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    /** C {@code int}. */
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    /** C {@code long long}. */
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    /** C {@code float}. */
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    /** C {@code double}. */
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    /** C pointer, readable to any length. */
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
        .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, ValueLayout.JAVA_BYTE));
    /** C {@code long} (LP64). */
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;

    static void traceDowncall(final String name, final Object... args)
    {
        final String traceArgs = Arrays.stream(args)
            .map(Object::toString)
            .collect(Collectors.joining(", "));
        System.out.printf("%s(%s)\n", name, traceArgs);
    }

    static MemorySegment findOrThrow(final String symbol)
    {
        return SYMBOL_LOOKUP.find(symbol)
            .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }


    private static final int STA_DPDK_MAX_BURST = (int)64L;

    /**
     * {@code #define STA_DPDK_MAX_BURST 64}: Most packets one {@link #sta_dpdk_rx_burst} returns.
     *
     * @return the value.
     */
    public static int STA_DPDK_MAX_BURST()
    {
        return STA_DPDK_MAX_BURST;
    }

    private static final int STA_DPDK_QUEUE_STAT_COUNTERS = (int)16L;

    /**
     * {@code #define STA_DPDK_QUEUE_STAT_COUNTERS 16}: Per-queue counters in {@link sta_dpdk_port_stats}.
     *
     * @return the value.
     */
    public static int STA_DPDK_QUEUE_STAT_COUNTERS()
    {
        return STA_DPDK_QUEUE_STAT_COUNTERS;
    }

    private static final int STA_DPDK_NAME_SIZE = (int)64L;

    /**
     * {@code #define STA_DPDK_NAME_SIZE 64}: Bytes for a port or driver name, NUL included.
     *
     * @return the value.
     */
    public static int STA_DPDK_NAME_SIZE()
    {
        return STA_DPDK_NAME_SIZE;
    }

    private static final int STA_DPDK_CONFIGURED_RSS = (int)1L;

    /**
     * {@code #define STA_DPDK_CONFIGURED_RSS 1}: Configure result: flows are hashed to queues with the symmetric key.
     *
     * @return the value.
     */
    public static int STA_DPDK_CONFIGURED_RSS()
    {
        return STA_DPDK_CONFIGURED_RSS;
    }

    private static final int STA_DPDK_CONFIGURED_TX_QUEUE = (int)2L;

    /**
     * {@code #define STA_DPDK_CONFIGURED_TX_QUEUE 2}: Configure result: the PMD needed one transmit queue.
     *
     * @return the value.
     */
    public static int STA_DPDK_CONFIGURED_TX_QUEUE()
    {
        return STA_DPDK_CONFIGURED_TX_QUEUE;
    }

    private static final int STA_DPDK_CONFIGURED_PMD_TIMESTAMPS = (int)4L;

    /**
     * {@code #define STA_DPDK_CONFIGURED_PMD_TIMESTAMPS 4}: Configure result: the PMD stamps packets with Unix time.
     *
     * @return the value.
     */
    public static int STA_DPDK_CONFIGURED_PMD_TIMESTAMPS()
    {
        return STA_DPDK_CONFIGURED_PMD_TIMESTAMPS;
    }

    private static final class sta_dpdk_eal_init
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_INT, sta_dpdk_h.C_INT,
            sta_dpdk_h.C_POINTER, sta_dpdk_h.C_POINTER, sta_dpdk_h.C_LONG);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_eal_init");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code int sta_dpdk_eal_init(int argc, char **argv, char *messages, size_t
     * messages_size)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_eal_init$descriptor()
    {
        return sta_dpdk_eal_init.DESC;
    }

    /**
     * Downcall handle of {@code int sta_dpdk_eal_init(int argc, char **argv, char *messages, size_t messages_size)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_eal_init$handle()
    {
        return sta_dpdk_eal_init.HANDLE;
    }

    /**
     * Address of {@code int sta_dpdk_eal_init(int argc, char **argv, char *messages, size_t messages_size)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_eal_init$address()
    {
        return sta_dpdk_eal_init.ADDR;
    }

    /**
     * {@code int sta_dpdk_eal_init(int argc, char **argv, char *messages, size_t messages_size)}: rte_eal_init from
     * the calling thread, which EAL pins to its main lcore; EAL's output while it starts is caught
     * into {@code messages}.
     *
     * @param argc          arguments in argv, argv[0] the program name.
     * @param argv          {@code char *argv[argc]}; the strings must live as long as the process.
     * @param messages      receives what EAL printed while starting, NUL-terminated.
     * @param messages_size bytes of messages.
     * @return arguments EAL parsed, or -1 with {@link #sta_dpdk_errno()} set.
     */
    public static int sta_dpdk_eal_init(final int argc, final MemorySegment argv, final MemorySegment messages,
        final long messages_size)
    {
        final MethodHandle mh$ = sta_dpdk_eal_init.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_eal_init", argc, argv, messages, messages_size);
            }
            return (int)mh$.invokeExact(argc, argv, messages, messages_size);
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_errno
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_INT);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_errno");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code int sta_dpdk_errno(void)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_errno$descriptor()
    {
        return sta_dpdk_errno.DESC;
    }

    /**
     * Downcall handle of {@code int sta_dpdk_errno(void)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_errno$handle()
    {
        return sta_dpdk_errno.HANDLE;
    }

    /**
     * Address of {@code int sta_dpdk_errno(void)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_errno$address()
    {
        return sta_dpdk_errno.ADDR;
    }

    /**
     * {@code int sta_dpdk_errno(void)}: {@code rte_errno} of the calling thread.
     *
     * @return the error.
     */
    public static int sta_dpdk_errno()
    {
        final MethodHandle mh$ = sta_dpdk_errno.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_errno");
            }
            return (int)mh$.invokeExact();
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_strerror
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_POINTER, sta_dpdk_h.C_INT);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_strerror");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code const char *sta_dpdk_strerror(int error)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_strerror$descriptor()
    {
        return sta_dpdk_strerror.DESC;
    }

    /**
     * Downcall handle of {@code const char *sta_dpdk_strerror(int error)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_strerror$handle()
    {
        return sta_dpdk_strerror.HANDLE;
    }

    /**
     * Address of {@code const char *sta_dpdk_strerror(int error)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_strerror$address()
    {
        return sta_dpdk_strerror.ADDR;
    }

    /**
     * {@code const char *sta_dpdk_strerror(int error)}: {@code rte_strerror}.
     *
     * @param error an errno or DPDK error value.
     * @return a NUL-terminated string owned by DPDK.
     */
    public static MemorySegment sta_dpdk_strerror(final int error)
    {
        final MethodHandle mh$ = sta_dpdk_strerror.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_strerror", error);
            }
            return (MemorySegment)mh$.invokeExact(error);
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_thread_register
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_INT);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_thread_register");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code int sta_dpdk_thread_register(void)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_thread_register$descriptor()
    {
        return sta_dpdk_thread_register.DESC;
    }

    /**
     * Downcall handle of {@code int sta_dpdk_thread_register(void)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_thread_register$handle()
    {
        return sta_dpdk_thread_register.HANDLE;
    }

    /**
     * Address of {@code int sta_dpdk_thread_register(void)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_thread_register$address()
    {
        return sta_dpdk_thread_register.ADDR;
    }

    /**
     * {@code int sta_dpdk_thread_register(void)}: {@code rte_thread_register}: makes the calling thread an EAL thread
     * (lcore id, mempool cache).
     *
     * @return the lcore id, or -1.
     */
    public static int sta_dpdk_thread_register()
    {
        final MethodHandle mh$ = sta_dpdk_thread_register.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_thread_register");
            }
            return (int)mh$.invokeExact();
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_thread_unregister
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid();

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_thread_unregister");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code void sta_dpdk_thread_unregister(void)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_thread_unregister$descriptor()
    {
        return sta_dpdk_thread_unregister.DESC;
    }

    /**
     * Downcall handle of {@code void sta_dpdk_thread_unregister(void)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_thread_unregister$handle()
    {
        return sta_dpdk_thread_unregister.HANDLE;
    }

    /**
     * Address of {@code void sta_dpdk_thread_unregister(void)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_thread_unregister$address()
    {
        return sta_dpdk_thread_unregister.ADDR;
    }

    /**
     * {@code void sta_dpdk_thread_unregister(void)}: {@code rte_thread_unregister} for a thread registered here.
     */
    public static void sta_dpdk_thread_unregister()
    {
        final MethodHandle mh$ = sta_dpdk_thread_unregister.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_thread_unregister");
            }
            mh$.invokeExact();
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_port_count
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_INT);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_port_count");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code int sta_dpdk_port_count(void)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_port_count$descriptor()
    {
        return sta_dpdk_port_count.DESC;
    }

    /**
     * Downcall handle of {@code int sta_dpdk_port_count(void)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_port_count$handle()
    {
        return sta_dpdk_port_count.HANDLE;
    }

    /**
     * Address of {@code int sta_dpdk_port_count(void)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_port_count$address()
    {
        return sta_dpdk_port_count.ADDR;
    }

    /**
     * {@code int sta_dpdk_port_count(void)}: Available ports.
     *
     * @return the count.
     */
    public static int sta_dpdk_port_count()
    {
        final MethodHandle mh$ = sta_dpdk_port_count.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_port_count");
            }
            return (int)mh$.invokeExact();
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_port_ids
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_INT, sta_dpdk_h.C_POINTER,
            sta_dpdk_h.C_INT);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_port_ids");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code int sta_dpdk_port_ids(uint16_t *ids, int capacity)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_port_ids$descriptor()
    {
        return sta_dpdk_port_ids.DESC;
    }

    /**
     * Downcall handle of {@code int sta_dpdk_port_ids(uint16_t *ids, int capacity)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_port_ids$handle()
    {
        return sta_dpdk_port_ids.HANDLE;
    }

    /**
     * Address of {@code int sta_dpdk_port_ids(uint16_t *ids, int capacity)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_port_ids$address()
    {
        return sta_dpdk_port_ids.ADDR;
    }

    /**
     * {@code int sta_dpdk_port_ids(uint16_t *ids, int capacity)}: Ids of the available ports, in order.
     *
     * @param ids      {@code uint16_t ids[capacity]}, receives the ids.
     * @param capacity most ids to write.
     * @return how many were written.
     */
    public static int sta_dpdk_port_ids(final MemorySegment ids, final int capacity)
    {
        final MethodHandle mh$ = sta_dpdk_port_ids.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_port_ids", ids, capacity);
            }
            return (int)mh$.invokeExact(ids, capacity);
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_port_by_name
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_INT, sta_dpdk_h.C_POINTER);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_port_by_name");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code int sta_dpdk_port_by_name(const char *name)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_port_by_name$descriptor()
    {
        return sta_dpdk_port_by_name.DESC;
    }

    /**
     * Downcall handle of {@code int sta_dpdk_port_by_name(const char *name)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_port_by_name$handle()
    {
        return sta_dpdk_port_by_name.HANDLE;
    }

    /**
     * Address of {@code int sta_dpdk_port_by_name(const char *name)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_port_by_name$address()
    {
        return sta_dpdk_port_by_name.ADDR;
    }

    /**
     * {@code int sta_dpdk_port_by_name(const char *name)}: Port id of a device name.
     *
     * @param name NUL-terminated device name.
     * @return the id, or a negative errno.
     */
    public static int sta_dpdk_port_by_name(final MemorySegment name)
    {
        final MethodHandle mh$ = sta_dpdk_port_by_name.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_port_by_name", name);
            }
            return (int)mh$.invokeExact(name);
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_port_info
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_INT, sta_dpdk_h.C_SHORT,
            sta_dpdk_h.C_POINTER);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_port_info");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code int sta_dpdk_port_info(uint16_t port_id, struct sta_dpdk_port_info *info)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_port_info$descriptor()
    {
        return sta_dpdk_port_info.DESC;
    }

    /**
     * Downcall handle of {@code int sta_dpdk_port_info(uint16_t port_id, struct sta_dpdk_port_info *info)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_port_info$handle()
    {
        return sta_dpdk_port_info.HANDLE;
    }

    /**
     * Address of {@code int sta_dpdk_port_info(uint16_t port_id, struct sta_dpdk_port_info *info)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_port_info$address()
    {
        return sta_dpdk_port_info.ADDR;
    }

    /**
     * {@code int sta_dpdk_port_info(uint16_t port_id, struct sta_dpdk_port_info *info)}: Fills {@code info}.
     *
     * @param port_id the port.
     * @param info    a {@link sta_dpdk_port_info}.
     * @return 0 or a negative errno.
     */
    public static int sta_dpdk_port_info(final short port_id, final MemorySegment info)
    {
        final MethodHandle mh$ = sta_dpdk_port_info.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_port_info", port_id, info);
            }
            return (int)mh$.invokeExact(port_id, info);
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_pktmbuf_pool_bytes
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_LONG, sta_dpdk_h.C_INT,
            sta_dpdk_h.C_SHORT);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_pktmbuf_pool_bytes");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code uint64_t sta_dpdk_pktmbuf_pool_bytes(uint32_t count, uint16_t data_room_size)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_pktmbuf_pool_bytes$descriptor()
    {
        return sta_dpdk_pktmbuf_pool_bytes.DESC;
    }

    /**
     * Downcall handle of {@code uint64_t sta_dpdk_pktmbuf_pool_bytes(uint32_t count, uint16_t data_room_size)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_pktmbuf_pool_bytes$handle()
    {
        return sta_dpdk_pktmbuf_pool_bytes.HANDLE;
    }

    /**
     * Address of {@code uint64_t sta_dpdk_pktmbuf_pool_bytes(uint32_t count, uint16_t data_room_size)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_pktmbuf_pool_bytes$address()
    {
        return sta_dpdk_pktmbuf_pool_bytes.ADDR;
    }

    /**
     * {@code uint64_t sta_dpdk_pktmbuf_pool_bytes(uint32_t count, uint16_t data_room_size)}: Heap bytes such a pool
     * takes.
     *
     * @param count          mbufs (unsigned).
     * @param data_room_size buffer bytes per mbuf, headroom included (unsigned).
     * @return bytes.
     */
    public static long sta_dpdk_pktmbuf_pool_bytes(final int count, final short data_room_size)
    {
        final MethodHandle mh$ = sta_dpdk_pktmbuf_pool_bytes.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_pktmbuf_pool_bytes", count, data_room_size);
            }
            return (long)mh$.invokeExact(count, data_room_size);
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_heap_free_bytes
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_LONG, sta_dpdk_h.C_INT);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_heap_free_bytes");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code uint64_t sta_dpdk_heap_free_bytes(int socket_id)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_heap_free_bytes$descriptor()
    {
        return sta_dpdk_heap_free_bytes.DESC;
    }

    /**
     * Downcall handle of {@code uint64_t sta_dpdk_heap_free_bytes(int socket_id)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_heap_free_bytes$handle()
    {
        return sta_dpdk_heap_free_bytes.HANDLE;
    }

    /**
     * Address of {@code uint64_t sta_dpdk_heap_free_bytes(int socket_id)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_heap_free_bytes$address()
    {
        return sta_dpdk_heap_free_bytes.ADDR;
    }

    /**
     * {@code uint64_t sta_dpdk_heap_free_bytes(int socket_id)}: Free bytes of the DPDK heap.
     *
     * @param socket_id NUMA socket, -1 for all.
     * @return bytes.
     */
    public static long sta_dpdk_heap_free_bytes(final int socket_id)
    {
        final MethodHandle mh$ = sta_dpdk_heap_free_bytes.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_heap_free_bytes", socket_id);
            }
            return (long)mh$.invokeExact(socket_id);
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_pktmbuf_pool_create
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_POINTER, sta_dpdk_h.C_POINTER,
            sta_dpdk_h.C_INT, sta_dpdk_h.C_SHORT, sta_dpdk_h.C_INT);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_pktmbuf_pool_create");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code void *sta_dpdk_pktmbuf_pool_create(const char *name, uint32_t count, uint16_t
     * data_room_size, int socket_id)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_pktmbuf_pool_create$descriptor()
    {
        return sta_dpdk_pktmbuf_pool_create.DESC;
    }

    /**
     * Downcall handle of {@code void *sta_dpdk_pktmbuf_pool_create(const char *name, uint32_t count, uint16_t
     * data_room_size, int socket_id)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_pktmbuf_pool_create$handle()
    {
        return sta_dpdk_pktmbuf_pool_create.HANDLE;
    }

    /**
     * Address of {@code void *sta_dpdk_pktmbuf_pool_create(const char *name, uint32_t count, uint16_t data_room_size,
     * int socket_id)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_pktmbuf_pool_create$address()
    {
        return sta_dpdk_pktmbuf_pool_create.ADDR;
    }

    /**
     * {@code void *sta_dpdk_pktmbuf_pool_create(const char *name, uint32_t count, uint16_t data_room_size, int
     * socket_id)}: {@code rte_pktmbuf_pool_create} with a per-lcore cache.
     *
     * @param name           NUL-terminated, unique pool name.
     * @param count          mbufs (unsigned).
     * @param data_room_size buffer bytes per mbuf (unsigned).
     * @param socket_id      NUMA socket, -1 for any.
     * @return the pool, or NULL with {@link #sta_dpdk_errno()} set.
     */
    public static MemorySegment sta_dpdk_pktmbuf_pool_create(final MemorySegment name, final int count,
        final short data_room_size, final int socket_id)
    {
        final MethodHandle mh$ = sta_dpdk_pktmbuf_pool_create.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_pktmbuf_pool_create", name, count, data_room_size, socket_id);
            }
            return (MemorySegment)mh$.invokeExact(name, count, data_room_size, socket_id);
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_mempool_free
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(sta_dpdk_h.C_POINTER);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_mempool_free");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code void sta_dpdk_mempool_free(void *pool)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_mempool_free$descriptor()
    {
        return sta_dpdk_mempool_free.DESC;
    }

    /**
     * Downcall handle of {@code void sta_dpdk_mempool_free(void *pool)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_mempool_free$handle()
    {
        return sta_dpdk_mempool_free.HANDLE;
    }

    /**
     * Address of {@code void sta_dpdk_mempool_free(void *pool)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_mempool_free$address()
    {
        return sta_dpdk_mempool_free.ADDR;
    }

    /**
     * {@code void sta_dpdk_mempool_free(void *pool)}: {@code rte_mempool_free}.
     *
     * @param pool the pool.
     */
    public static void sta_dpdk_mempool_free(final MemorySegment pool)
    {
        final MethodHandle mh$ = sta_dpdk_mempool_free.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_mempool_free", pool);
            }
            mh$.invokeExact(pool);
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_port_configure
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_INT, sta_dpdk_h.C_SHORT,
            sta_dpdk_h.C_SHORT, sta_dpdk_h.C_POINTER);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_port_configure");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code int sta_dpdk_port_configure(uint16_t port_id, uint16_t rx_queues, uint32_t
     * *flags)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_port_configure$descriptor()
    {
        return sta_dpdk_port_configure.DESC;
    }

    /**
     * Downcall handle of {@code int sta_dpdk_port_configure(uint16_t port_id, uint16_t rx_queues, uint32_t *flags)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_port_configure$handle()
    {
        return sta_dpdk_port_configure.HANDLE;
    }

    /**
     * Address of {@code int sta_dpdk_port_configure(uint16_t port_id, uint16_t rx_queues, uint32_t *flags)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_port_configure$address()
    {
        return sta_dpdk_port_configure.ADDR;
    }

    /**
     * {@code int sta_dpdk_port_configure(uint16_t port_id, uint16_t rx_queues, uint32_t *flags)}: Configures a port
     * for receiving: symmetric RSS where offered, no transmit queue unless the PMD insists.
     *
     * @param port_id   the port (stopped).
     * @param rx_queues receive queues (unsigned).
     * @param flags     {@code uint32_t *}, receives STA_DPDK_CONFIGURED_* bits.
     * @return 0 or a negative errno.
     */
    public static int sta_dpdk_port_configure(final short port_id, final short rx_queues, final MemorySegment flags)
    {
        final MethodHandle mh$ = sta_dpdk_port_configure.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_port_configure", port_id, rx_queues, flags);
            }
            return (int)mh$.invokeExact(port_id, rx_queues, flags);
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_rx_queue_setup
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_INT, sta_dpdk_h.C_SHORT,
            sta_dpdk_h.C_SHORT, sta_dpdk_h.C_SHORT, sta_dpdk_h.C_POINTER);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_rx_queue_setup");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code int sta_dpdk_rx_queue_setup(uint16_t port_id, uint16_t queue_id, uint16_t
     * descriptors, void *pool)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_rx_queue_setup$descriptor()
    {
        return sta_dpdk_rx_queue_setup.DESC;
    }

    /**
     * Downcall handle of {@code int sta_dpdk_rx_queue_setup(uint16_t port_id, uint16_t queue_id, uint16_t descriptors,
     * void *pool)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_rx_queue_setup$handle()
    {
        return sta_dpdk_rx_queue_setup.HANDLE;
    }

    /**
     * Address of {@code int sta_dpdk_rx_queue_setup(uint16_t port_id, uint16_t queue_id, uint16_t descriptors, void
     * *pool)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_rx_queue_setup$address()
    {
        return sta_dpdk_rx_queue_setup.ADDR;
    }

    /**
     * {@code int sta_dpdk_rx_queue_setup(uint16_t port_id, uint16_t queue_id, uint16_t descriptors, void *pool)}: Sets
     * up a receive queue.
     *
     * @param port_id     the port.
     * @param queue_id    the queue.
     * @param descriptors receive descriptors (unsigned).
     * @param pool        the mbuf pool.
     * @return 0 or a negative errno.
     */
    public static int sta_dpdk_rx_queue_setup(final short port_id, final short queue_id, final short descriptors,
        final MemorySegment pool)
    {
        final MethodHandle mh$ = sta_dpdk_rx_queue_setup.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_rx_queue_setup", port_id, queue_id, descriptors, pool);
            }
            return (int)mh$.invokeExact(port_id, queue_id, descriptors, pool);
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_port_start
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_INT, sta_dpdk_h.C_SHORT);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_port_start");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code int sta_dpdk_port_start(uint16_t port_id)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_port_start$descriptor()
    {
        return sta_dpdk_port_start.DESC;
    }

    /**
     * Downcall handle of {@code int sta_dpdk_port_start(uint16_t port_id)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_port_start$handle()
    {
        return sta_dpdk_port_start.HANDLE;
    }

    /**
     * Address of {@code int sta_dpdk_port_start(uint16_t port_id)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_port_start$address()
    {
        return sta_dpdk_port_start.ADDR;
    }

    /**
     * {@code int sta_dpdk_port_start(uint16_t port_id)}: Starts a port (promiscuous where possible) and zeroes its
     * counters.
     *
     * @param port_id the port.
     * @return 0 or a negative errno.
     */
    public static int sta_dpdk_port_start(final short port_id)
    {
        final MethodHandle mh$ = sta_dpdk_port_start.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_port_start", port_id);
            }
            return (int)mh$.invokeExact(port_id);
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_port_stop
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_INT, sta_dpdk_h.C_SHORT);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_port_stop");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code int sta_dpdk_port_stop(uint16_t port_id)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_port_stop$descriptor()
    {
        return sta_dpdk_port_stop.DESC;
    }

    /**
     * Downcall handle of {@code int sta_dpdk_port_stop(uint16_t port_id)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_port_stop$handle()
    {
        return sta_dpdk_port_stop.HANDLE;
    }

    /**
     * Address of {@code int sta_dpdk_port_stop(uint16_t port_id)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_port_stop$address()
    {
        return sta_dpdk_port_stop.ADDR;
    }

    /**
     * {@code int sta_dpdk_port_stop(uint16_t port_id)}: {@code rte_eth_dev_stop}.
     *
     * @param port_id the port.
     * @return 0 or a negative errno.
     */
    public static int sta_dpdk_port_stop(final short port_id)
    {
        final MethodHandle mh$ = sta_dpdk_port_stop.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_port_stop", port_id);
            }
            return (int)mh$.invokeExact(port_id);
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_port_close
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_INT, sta_dpdk_h.C_SHORT);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_port_close");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code int sta_dpdk_port_close(uint16_t port_id)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_port_close$descriptor()
    {
        return sta_dpdk_port_close.DESC;
    }

    /**
     * Downcall handle of {@code int sta_dpdk_port_close(uint16_t port_id)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_port_close$handle()
    {
        return sta_dpdk_port_close.HANDLE;
    }

    /**
     * Address of {@code int sta_dpdk_port_close(uint16_t port_id)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_port_close$address()
    {
        return sta_dpdk_port_close.ADDR;
    }

    /**
     * {@code int sta_dpdk_port_close(uint16_t port_id)}: {@code rte_eth_dev_close}: the port id is gone afterwards.
     *
     * @param port_id the port.
     * @return 0 or a negative errno.
     */
    public static int sta_dpdk_port_close(final short port_id)
    {
        final MethodHandle mh$ = sta_dpdk_port_close.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_port_close", port_id);
            }
            return (int)mh$.invokeExact(port_id);
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_rx_burst
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_SHORT, sta_dpdk_h.C_SHORT,
            sta_dpdk_h.C_SHORT, sta_dpdk_h.C_POINTER, sta_dpdk_h.C_SHORT);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_rx_burst");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CRITICAL);
    }

    /**
     * Function descriptor of {@code uint16_t sta_dpdk_rx_burst(uint16_t port_id, uint16_t queue_id, struct
     * sta_dpdk_burst *burst, uint16_t max)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_rx_burst$descriptor()
    {
        return sta_dpdk_rx_burst.DESC;
    }

    /**
     * Downcall handle of {@code uint16_t sta_dpdk_rx_burst(uint16_t port_id, uint16_t queue_id, struct sta_dpdk_burst
     * *burst, uint16_t max)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_rx_burst$handle()
    {
        return sta_dpdk_rx_burst.HANDLE;
    }

    /**
     * Address of {@code uint16_t sta_dpdk_rx_burst(uint16_t port_id, uint16_t queue_id, struct sta_dpdk_burst *burst,
     * uint16_t max)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_rx_burst$address()
    {
        return sta_dpdk_rx_burst.ADDR;
    }

    /**
     * {@code uint16_t sta_dpdk_rx_burst(uint16_t port_id, uint16_t queue_id, struct sta_dpdk_burst *burst, uint16_t
     * max)}: Receives a burst and describes it in {@code burst}. Linked {@link Linker.Option#critical(boolean)
     * critical}:
     * it never blocks or calls back into Java.
     *
     * @param port_id  the port.
     * @param queue_id the queue.
     * @param burst    a {@link sta_dpdk_burst}, filled.
     * @param max      most packets, at most STA_DPDK_MAX_BURST.
     * @return packets received (unsigned).
     */
    public static short sta_dpdk_rx_burst(final short port_id, final short queue_id, final MemorySegment burst,
        final short max)
    {
        final MethodHandle mh$ = sta_dpdk_rx_burst.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_rx_burst", port_id, queue_id, burst, max);
            }
            return (short)mh$.invokeExact(port_id, queue_id, burst, max);
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_free_bulk
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(sta_dpdk_h.C_POINTER, sta_dpdk_h.C_SHORT);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_free_bulk");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, CRITICAL);
    }

    /**
     * Function descriptor of {@code void sta_dpdk_free_bulk(struct sta_dpdk_burst *burst, uint16_t count)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_free_bulk$descriptor()
    {
        return sta_dpdk_free_bulk.DESC;
    }

    /**
     * Downcall handle of {@code void sta_dpdk_free_bulk(struct sta_dpdk_burst *burst, uint16_t count)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_free_bulk$handle()
    {
        return sta_dpdk_free_bulk.HANDLE;
    }

    /**
     * Address of {@code void sta_dpdk_free_bulk(struct sta_dpdk_burst *burst, uint16_t count)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_free_bulk$address()
    {
        return sta_dpdk_free_bulk.ADDR;
    }

    /**
     * {@code void sta_dpdk_free_bulk(struct sta_dpdk_burst *burst, uint16_t count)}: Returns a burst's mbufs to their
     * pool. Linked {@link Linker.Option#critical(boolean) critical}.
     *
     * @param burst the burst.
     * @param count mbufs to free, from the first.
     */
    public static void sta_dpdk_free_bulk(final MemorySegment burst, final short count)
    {
        final MethodHandle mh$ = sta_dpdk_free_bulk.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_free_bulk", burst, count);
            }
            mh$.invokeExact(burst, count);
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_port_stats
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_INT, sta_dpdk_h.C_SHORT,
            sta_dpdk_h.C_POINTER);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_port_stats");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code int sta_dpdk_port_stats(uint16_t port_id, struct sta_dpdk_port_stats *stats)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_port_stats$descriptor()
    {
        return sta_dpdk_port_stats.DESC;
    }

    /**
     * Downcall handle of {@code int sta_dpdk_port_stats(uint16_t port_id, struct sta_dpdk_port_stats *stats)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_port_stats$handle()
    {
        return sta_dpdk_port_stats.HANDLE;
    }

    /**
     * Address of {@code int sta_dpdk_port_stats(uint16_t port_id, struct sta_dpdk_port_stats *stats)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_port_stats$address()
    {
        return sta_dpdk_port_stats.ADDR;
    }

    /**
     * {@code int sta_dpdk_port_stats(uint16_t port_id, struct sta_dpdk_port_stats *stats)}: Reads a port's counters.
     *
     * @param port_id the port.
     * @param stats   a {@link sta_dpdk_port_stats}.
     * @return 0 or a negative errno.
     */
    public static int sta_dpdk_port_stats(final short port_id, final MemorySegment stats)
    {
        final MethodHandle mh$ = sta_dpdk_port_stats.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_port_stats", port_id, stats);
            }
            return (int)mh$.invokeExact(port_id, stats);
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class sta_dpdk_pool_fill
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(sta_dpdk_h.C_INT, sta_dpdk_h.C_POINTER,
            sta_dpdk_h.C_POINTER, sta_dpdk_h.C_INT, sta_dpdk_h.C_INT);

        static final MemorySegment ADDR = sta_dpdk_h.findOrThrow("sta_dpdk_pool_fill");

        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor of {@code int sta_dpdk_pool_fill(void *pool, const uint8_t *frames, uint32_t frame_length,
     * uint32_t frame_count)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sta_dpdk_pool_fill$descriptor()
    {
        return sta_dpdk_pool_fill.DESC;
    }

    /**
     * Downcall handle of {@code int sta_dpdk_pool_fill(void *pool, const uint8_t *frames, uint32_t frame_length,
     * uint32_t frame_count)}.
     *
     * @return the handle.
     */
    public static MethodHandle sta_dpdk_pool_fill$handle()
    {
        return sta_dpdk_pool_fill.HANDLE;
    }

    /**
     * Address of {@code int sta_dpdk_pool_fill(void *pool, const uint8_t *frames, uint32_t frame_length, uint32_t
     * frame_count)}.
     *
     * @return the symbol's address.
     */
    public static MemorySegment sta_dpdk_pool_fill$address()
    {
        return sta_dpdk_pool_fill.ADDR;
    }

    /**
     * {@code int sta_dpdk_pool_fill(void *pool, const uint8_t *frames, uint32_t frame_length, uint32_t frame_count)}:
     * For benchmarks: writes the frames into every mbuf's data area, where net_null with copy=0 leaves it.
     *
     * @param pool         the pool.
     * @param frames       frame_count frames back to back.
     * @param frame_length bytes per frame.
     * @param frame_count  frames.
     * @return mbufs written, or a negative errno.
     */
    public static int sta_dpdk_pool_fill(final MemorySegment pool, final MemorySegment frames, final int frame_length,
        final int frame_count)
    {
        final MethodHandle mh$ = sta_dpdk_pool_fill.HANDLE;
        try
        {
            if (TRACE_DOWNCALLS)
            {
                traceDowncall("sta_dpdk_pool_fill", pool, frames, frame_length, frame_count);
            }
            return (int)mh$.invokeExact(pool, frames, frame_length, frame_count);
        }
        catch (final Error | RuntimeException ex)
        {
            throw ex;
        }
        catch (final Throwable ex$)
        {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
