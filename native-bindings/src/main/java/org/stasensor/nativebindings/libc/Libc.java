package org.stasensor.nativebindings.libc;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The libc functions and constants the sensor calls, in the shape jextract generates for a header class: one nested
 * holder per function with its descriptor, address and downcall handle, static accessors
 * {@code name$descriptor()}, {@code name$handle()}, {@code name$address()}, a static method that invokes it, and
 * macros as static methods returning their value.
 * <p>
 * One deliberate difference from plain jextract output: every function that reports failure through {@code errno}
 * is linked with {@link Linker.Option#captureCallState(String...) captureCallState("errno")}, so its first
 * parameter is a call-state segment ({@link #allocateCallState}) from which {@link #errno(MemorySegment)} reads the
 * error right after the call; reading errno later through the JVM would see whatever the JVM itself did in
 * between. The struct layouts live in their own classes ({@link sockaddr_ll}, {@link tpacket_req3}, ...), as
 * jextract writes them. Sources: {@code <sched.h>}, {@code <unistd.h>}, {@code <string.h>}, {@code <sys/socket.h>},
 * {@code <sys/mman.h>}, {@code <poll.h>}, {@code <net/if.h>}, {@code <linux/if_packet.h>},
 * {@code <linux/if_ether.h>}, {@code <linux/if_arp.h>} of glibc 2.36 / Linux 6.x on x86-64 and aarch64 (LP64);
 * {@code LibcLayoutTest} compares every layout and constant with what gcc makes of those headers.
 */
public final class Libc
{
    static final Linker LINKER = Linker.nativeLinker();
    static final SymbolLookup SYMBOL_LOOKUP = LINKER.defaultLookup();

    /** C {@code char}. */
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    /** C {@code short}. */
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    /** C {@code int}. */
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    /** C {@code long} (LP64). */
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    /** C pointer, readable to any length (strings returned by libc). */
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
        .withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE, ValueLayout.JAVA_BYTE));

    /** Layout of the call state the errno-capturing functions write. */
    public static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private Libc()
    {
    }

    static MethodHandle downcall(final String name, final FunctionDescriptor descriptor, final boolean errno)
    {
        final MemorySegment address = SYMBOL_LOOKUP.find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        return errno ? LINKER.downcallHandle(address, descriptor, CAPTURE_ERRNO) :
            LINKER.downcallHandle(address, descriptor);
    }

    static MethodHandle variadic(final String name, final FunctionDescriptor descriptor, final int firstVariadic,
        final boolean errno)
    {
        final MemorySegment address = SYMBOL_LOOKUP.find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        final Linker.Option variadic = Linker.Option.firstVariadicArg(firstVariadic);
        return errno ? LINKER.downcallHandle(address, descriptor, variadic, CAPTURE_ERRNO) :
            LINKER.downcallHandle(address, descriptor, variadic);
    }

    /**
     * {@code htons(3)}: a 16-bit value in network byte order, as AF_PACKET wants its protocol numbers.
     *
     * @param hostShort the value in host order, e.g. {@link #ETH_P_ALL()}.
     * @return the value whose bytes in memory are big-endian, as an int (0..65535).
     */
    public static int htons(final int hostShort)
    {
        final short value = (short)hostShort;
        final boolean bigEndian = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;
        return Short.toUnsignedInt(bigEndian ? value : Short.reverseBytes(value));
    }

    /**
     * Allocates a call-state segment for the errno-capturing functions.
     *
     * @param allocator where, e.g. an arena that lives as long as the caller.
     * @return the segment.
     */
    public static MemorySegment allocateCallState(final SegmentAllocator allocator)
    {
        return allocator.allocate(CALL_STATE);
    }

    /**
     * The errno captured by the last errno-capturing call that was given {@code callState}.
     *
     * @param callState a segment from {@link #allocateCallState}.
     * @return the errno value.
     */
    public static int errno(final MemorySegment callState)
    {
        return (int)ERRNO.get(callState, 0L);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <sched.h>

    private static final class sched_getaffinity
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_LONG, ValueLayout.ADDRESS);
        static final MethodHandle HANDLE = downcall("sched_getaffinity", DESC, true);
    }

    /**
     * {@code int sched_getaffinity(pid_t pid, size_t cpusetsize, cpu_set_t *mask)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sched_getaffinity$descriptor()
    {
        return sched_getaffinity.DESC;
    }

    /**
     * The downcall handle; its first parameter is the call-state segment.
     *
     * @return the handle.
     */
    public static MethodHandle sched_getaffinity$handle()
    {
        return sched_getaffinity.HANDLE;
    }

    /**
     * {@code int sched_getaffinity(pid_t pid, size_t cpusetsize, cpu_set_t *mask)}; pid 0 is the calling thread.
     *
     * @param callState  receives errno.
     * @param pid        thread id, 0 for the calling thread.
     * @param cpusetsize bytes in {@code mask}.
     * @param mask       receives the CPU bit mask.
     * @return 0, or -1 with errno set.
     */
    public static int sched_getaffinity(final MemorySegment callState, final int pid, final long cpusetsize,
        final MemorySegment mask)
    {
        try
        {
            return (int)sched_getaffinity.HANDLE.invokeExact(callState, pid, cpusetsize, mask);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class sched_setaffinity
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_LONG, ValueLayout.ADDRESS);
        static final MethodHandle HANDLE = downcall("sched_setaffinity", DESC, true);
    }

    /**
     * {@code int sched_setaffinity(pid_t pid, size_t cpusetsize, const cpu_set_t *mask)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor sched_setaffinity$descriptor()
    {
        return sched_setaffinity.DESC;
    }

    /**
     * The downcall handle; its first parameter is the call-state segment.
     *
     * @return the handle.
     */
    public static MethodHandle sched_setaffinity$handle()
    {
        return sched_setaffinity.HANDLE;
    }

    /**
     * {@code int sched_setaffinity(pid_t pid, size_t cpusetsize, const cpu_set_t *mask)}; pid 0 is the calling
     * thread.
     *
     * @param callState  receives errno.
     * @param pid        thread id, 0 for the calling thread.
     * @param cpusetsize bytes in {@code mask}.
     * @param mask       the CPU bit mask.
     * @return 0, or -1 with errno set.
     */
    public static int sched_setaffinity(final MemorySegment callState, final int pid, final long cpusetsize,
        final MemorySegment mask)
    {
        try
        {
            return (int)sched_setaffinity.HANDLE.invokeExact(callState, pid, cpusetsize, mask);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <unistd.h>

    private static final class gettid
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);
        static final MethodHandle HANDLE = downcall("gettid", DESC, false);
    }

    /**
     * {@code pid_t gettid(void)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor gettid$descriptor()
    {
        return gettid.DESC;
    }

    /**
     * The downcall handle.
     *
     * @return the handle.
     */
    public static MethodHandle gettid$handle()
    {
        return gettid.HANDLE;
    }

    /**
     * {@code pid_t gettid(void)}: the kernel's id of the calling thread (never fails).
     *
     * @return the thread id.
     */
    public static int gettid()
    {
        try
        {
            return (int)gettid.HANDLE.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <string.h>

    private static final class strerror
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("strerror", DESC, false);
    }

    /**
     * {@code char *strerror(int errnum)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor strerror$descriptor()
    {
        return strerror.DESC;
    }

    /**
     * The downcall handle.
     *
     * @return the handle.
     */
    public static MethodHandle strerror$handle()
    {
        return strerror.HANDLE;
    }

    /**
     * {@code char *strerror(int errnum)}.
     *
     * @param errnum an errno value.
     * @return the NUL-terminated message, owned by libc.
     */
    public static MemorySegment strerror(final int errnum)
    {
        try
        {
            return (MemorySegment)strerror.HANDLE.invokeExact(errnum);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /**
     * The text of an errno value as a Java string (not for hot paths: it allocates).
     *
     * @param errnum an errno value.
     * @return e.g. "Invalid argument".
     */
    public static String errorText(final int errnum)
    {
        return strerror(errnum).getString(0);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <sys/socket.h>

    private static final class socket
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = downcall("socket", DESC, true);
    }

    /**
     * {@code int socket(int domain, int type, int protocol)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor socket$descriptor()
    {
        return socket.DESC;
    }

    /**
     * The downcall handle; its first parameter is the call-state segment.
     *
     * @return the handle.
     */
    public static MethodHandle socket$handle()
    {
        return socket.HANDLE;
    }

    /**
     * {@code int socket(int domain, int type, int protocol)}.
     *
     * @param callState receives errno.
     * @param domain address family, e.g. AF_PACKET.
     * @param type socket type, e.g. SOCK_RAW | SOCK_CLOEXEC.
     * @param protocol protocol in network byte order for AF_PACKET, e.g. htons(ETH_P_ALL).
     * @return the new descriptor, or -1 with errno set.
     */
    public static int socket(final MemorySegment callState, final int domain, final int type, final int protocol)
    {
        try
        {
            return (int)socket.HANDLE.invokeExact(callState, domain, type, protocol);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class setsockopt
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("setsockopt", DESC, true);
    }

    /**
     * {@code int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor setsockopt$descriptor()
    {
        return setsockopt.DESC;
    }

    /**
     * The downcall handle; its first parameter is the call-state segment.
     *
     * @return the handle.
     */
    public static MethodHandle setsockopt$handle()
    {
        return setsockopt.HANDLE;
    }

    /**
     * {@code int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen)}.
     *
     * @param callState receives errno.
     * @param sockfd the socket.
     * @param level e.g. SOL_PACKET.
     * @param optname e.g. PACKET_RX_RING.
     * @param optval the value.
     * @param optlen bytes of the value.
     * @return 0, or -1 with errno set.
     */
    public static int setsockopt(final MemorySegment callState, final int sockfd, final int level, final int optname,
        final MemorySegment optval, final int optlen)
    {
        try
        {
            return (int)setsockopt.HANDLE.invokeExact(callState, sockfd, level, optname, optval, optlen);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class getsockopt
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("getsockopt", DESC, true);
    }

    /**
     * {@code int getsockopt(int sockfd, int level, int optname, void *optval, socklen_t *optlen)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor getsockopt$descriptor()
    {
        return getsockopt.DESC;
    }

    /**
     * The downcall handle; its first parameter is the call-state segment.
     *
     * @return the handle.
     */
    public static MethodHandle getsockopt$handle()
    {
        return getsockopt.HANDLE;
    }

    /**
     * {@code int getsockopt(int sockfd, int level, int optname, void *optval, socklen_t *optlen)}.
     *
     * @param callState receives errno.
     * @param sockfd the socket.
     * @param level e.g. SOL_PACKET.
     * @param optname e.g. PACKET_STATISTICS.
     * @param optval receives the value.
     * @param optlen in: room in optval; out: bytes written (a socklen_t).
     * @return 0, or -1 with errno set.
     */
    public static int getsockopt(final MemorySegment callState, final int sockfd, final int level, final int optname,
        final MemorySegment optval, final MemorySegment optlen)
    {
        try
        {
            return (int)getsockopt.HANDLE.invokeExact(callState, sockfd, level, optname, optval, optlen);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class bind
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = downcall("bind", DESC, true);
    }

    /**
     * {@code int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor bind$descriptor()
    {
        return bind.DESC;
    }

    /**
     * The downcall handle; its first parameter is the call-state segment.
     *
     * @return the handle.
     */
    public static MethodHandle bind$handle()
    {
        return bind.HANDLE;
    }

    /**
     * {@code int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen)}.
     *
     * @param callState receives errno.
     * @param sockfd the socket.
     * @param addr the address, e.g. a sockaddr_ll.
     * @param addrlen its size.
     * @return 0, or -1 with errno set.
     */
    public static int bind(final MemorySegment callState, final int sockfd, final MemorySegment addr,
        final int addrlen)
    {
        try
        {
            return (int)bind.HANDLE.invokeExact(callState, sockfd, addr, addrlen);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <sys/ioctl.h>

    private static final class ioctl
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_POINTER);
        static final MethodHandle HANDLE = variadic("ioctl", DESC, 2, true);
    }

    /**
     * {@code int ioctl(int fd, unsigned long request, ...)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor ioctl$descriptor()
    {
        return ioctl.DESC;
    }

    /**
     * The downcall handle; its first parameter is the call-state segment.
     *
     * @return the handle.
     */
    public static MethodHandle ioctl$handle()
    {
        return ioctl.HANDLE;
    }

    /**
     * {@code int ioctl(int fd, unsigned long request, ...)}.
     *
     * @param callState receives errno.
     * @param fd the descriptor.
     * @param request e.g. SIOCGIFFLAGS.
     * @param argp the request's argument, e.g. a struct ifreq.
     * @return 0 (or a request-specific value), or -1 with errno set.
     */
    public static int ioctl(final MemorySegment callState, final int fd, final long request, final MemorySegment argp)
    {
        try
        {
            return (int)ioctl.HANDLE.invokeExact(callState, fd, request, argp);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <sys/mman.h>

    private static final class mmap
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_LONG, C_INT, C_INT,
            C_INT, C_LONG);
        static final MethodHandle HANDLE = downcall("mmap", DESC, true);
    }

    /**
     * {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor mmap$descriptor()
    {
        return mmap.DESC;
    }

    /**
     * The downcall handle; its first parameter is the call-state segment.
     *
     * @return the handle.
     */
    public static MethodHandle mmap$handle()
    {
        return mmap.HANDLE;
    }

    /**
     * {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)}.
     *
     * @param callState receives errno.
     * @param addr address hint, usually NULL.
     * @param length bytes.
     * @param prot PROT_READ | PROT_WRITE.
     * @param flags e.g. MAP_SHARED.
     * @param fd the descriptor to map.
     * @param offset offset in it.
     * @return the mapping (zero length: reinterpret it), or MAP_FAILED (address -1) with errno set.
     */
    public static MemorySegment mmap(final MemorySegment callState, final MemorySegment addr, final long length,
        final int prot, final int flags, final int fd, final long offset)
    {
        try
        {
            return (MemorySegment)mmap.HANDLE.invokeExact(callState, addr, length, prot, flags, fd, offset);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class munmap
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = downcall("munmap", DESC, true);
    }

    /**
     * {@code int munmap(void *addr, size_t length)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor munmap$descriptor()
    {
        return munmap.DESC;
    }

    /**
     * The downcall handle; its first parameter is the call-state segment.
     *
     * @return the handle.
     */
    public static MethodHandle munmap$handle()
    {
        return munmap.HANDLE;
    }

    /**
     * {@code int munmap(void *addr, size_t length)}.
     *
     * @param callState receives errno.
     * @param addr the mapping.
     * @param length its length.
     * @return 0, or -1 with errno set.
     */
    public static int munmap(final MemorySegment callState, final MemorySegment addr, final long length)
    {
        try
        {
            return (int)munmap.HANDLE.invokeExact(callState, addr, length);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <poll.h>

    private static final class poll
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT);
        static final MethodHandle HANDLE = downcall("poll", DESC, true);
    }

    /**
     * {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor poll$descriptor()
    {
        return poll.DESC;
    }

    /**
     * The downcall handle; its first parameter is the call-state segment.
     *
     * @return the handle.
     */
    public static MethodHandle poll$handle()
    {
        return poll.HANDLE;
    }

    /**
     * {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}.
     *
     * @param callState receives errno.
     * @param fds an array of pollfd.
     * @param nfds entries in it.
     * @param timeout milliseconds; 0 returns at once, -1 waits forever.
     * @return descriptors with events, 0 on timeout, or -1 with errno set.
     */
    public static int poll(final MemorySegment callState, final MemorySegment fds, final long nfds, final int timeout)
    {
        try
        {
            return (int)poll.HANDLE.invokeExact(callState, fds, nfds, timeout);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <unistd.h>

    private static final class close
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT);
        static final MethodHandle HANDLE = downcall("close", DESC, true);
    }

    /**
     * {@code int close(int fd)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor close$descriptor()
    {
        return close.DESC;
    }

    /**
     * The downcall handle; its first parameter is the call-state segment.
     *
     * @return the handle.
     */
    public static MethodHandle close$handle()
    {
        return close.HANDLE;
    }

    /**
     * {@code int close(int fd)}.
     *
     * @param callState receives errno.
     * @param fd the descriptor.
     * @return 0, or -1 with errno set.
     */
    public static int close(final MemorySegment callState, final int fd)
    {
        try
        {
            return (int)close.HANDLE.invokeExact(callState, fd);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <fcntl.h>

    private static final class open
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = variadic("open", DESC, 2, true);
    }

    /**
     * {@code int open(const char *pathname, int flags, ...)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor open$descriptor()
    {
        return open.DESC;
    }

    /**
     * The downcall handle; its first parameter is the call-state segment.
     *
     * @return the handle.
     */
    public static MethodHandle open$handle()
    {
        return open.HANDLE;
    }

    /**
     * {@code int open(const char *pathname, int flags, ...)}.
     *
     * @param callState receives errno.
     * @param pathname NUL-terminated path.
     * @param flags e.g. O_RDONLY | O_CLOEXEC.
     * @return the descriptor, or -1 with errno set.
     */
    public static int open(final MemorySegment callState, final MemorySegment pathname, final int flags)
    {
        try
        {
            return (int)open.HANDLE.invokeExact(callState, pathname, flags);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <sched.h>

    private static final class setns
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = downcall("setns", DESC, true);
    }

    /**
     * {@code int setns(int fd, int nstype)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor setns$descriptor()
    {
        return setns.DESC;
    }

    /**
     * The downcall handle; its first parameter is the call-state segment.
     *
     * @return the handle.
     */
    public static MethodHandle setns$handle()
    {
        return setns.HANDLE;
    }

    /**
     * {@code int setns(int fd, int nstype)}.
     *
     * @param callState receives errno.
     * @param fd a namespace file, e.g. /run/netns/NAME.
     * @param nstype e.g. CLONE_NEWNET.
     * @return 0, or -1 with errno set.
     */
    public static int setns(final MemorySegment callState, final int fd, final int nstype)
    {
        try
        {
            return (int)setns.HANDLE.invokeExact(callState, fd, nstype);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <net/if.h>

    private static final class if_nametoindex
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("if_nametoindex", DESC, true);
    }

    /**
     * {@code unsigned int if_nametoindex(const char *ifname)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor if_nametoindex$descriptor()
    {
        return if_nametoindex.DESC;
    }

    /**
     * The downcall handle; its first parameter is the call-state segment.
     *
     * @return the handle.
     */
    public static MethodHandle if_nametoindex$handle()
    {
        return if_nametoindex.HANDLE;
    }

    /**
     * {@code unsigned int if_nametoindex(const char *ifname)}.
     *
     * @param callState receives errno.
     * @param ifname NUL-terminated interface name.
     * @return the index, or 0 with errno set (ENODEV: no such interface).
     */
    public static int if_nametoindex(final MemorySegment callState, final MemorySegment ifname)
    {
        try
        {
            return (int)if_nametoindex.HANDLE.invokeExact(callState, ifname);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class if_nameindex
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER);
        static final MethodHandle HANDLE = downcall("if_nameindex", DESC, true);
    }

    /**
     * {@code struct if_nameindex *if_nameindex(void)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor if_nameindex$descriptor()
    {
        return if_nameindex.DESC;
    }

    /**
     * The downcall handle; its first parameter is the call-state segment.
     *
     * @return the handle.
     */
    public static MethodHandle if_nameindex$handle()
    {
        return if_nameindex.HANDLE;
    }

    /**
     * {@code struct if_nameindex *if_nameindex(void)}.
     *
     * @param callState receives errno.
     * @return an array of if_nameindex ending with index 0 and name NULL, or NULL with errno set;
     *         free it with if_freenameindex.
     */
    public static MemorySegment if_nameindex(final MemorySegment callState)
    {
        try
        {
            return (MemorySegment)if_nameindex.HANDLE.invokeExact(callState);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class if_freenameindex
    {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MethodHandle HANDLE = downcall("if_freenameindex", DESC, false);
    }

    /**
     * {@code void if_freenameindex(struct if_nameindex *ptr)}.
     *
     * @return the descriptor.
     */
    public static FunctionDescriptor if_freenameindex$descriptor()
    {
        return if_freenameindex.DESC;
    }

    /**
     * The downcall handle.
     *
     * @return the handle.
     */
    public static MethodHandle if_freenameindex$handle()
    {
        return if_freenameindex.HANDLE;
    }

    /**
     * {@code void if_freenameindex(struct if_nameindex *ptr)}.
     *
     * @param ptr what if_nameindex returned.
     */
    public static void if_freenameindex(final MemorySegment ptr)
    {
        try
        {
            if_freenameindex.HANDLE.invokeExact(ptr);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }


    // ---------------------------------------------------------------------------------------------------------------
    // <errno.h>

    private static final int EPERM = 1;

    private static final int EINTR = 4;

    private static final int EAGAIN = 11;

    private static final int ENOMEM = 12;

    private static final int EACCES = 13;

    private static final int EBUSY = 16;

    private static final int ENODEV = 19;

    private static final int EINVAL = 22;

    private static final int ENXIO = 6;

    private static final int ENETDOWN = 100;

    private static final int EADDRINUSE = 98;

    private static final int EPROTONOSUPPORT = 93;

    private static final int EAFNOSUPPORT = 97;

    /**
     * {@code #define EPERM 1}: operation not permitted.
     *
     * @return the value.
     */
    public static int EPERM()
    {
        return EPERM;
    }

    /**
     * {@code #define EINTR 4}: interrupted system call.
     *
     * @return the value.
     */
    public static int EINTR()
    {
        return EINTR;
    }

    /**
     * {@code #define EAGAIN 11}: try again.
     *
     * @return the value.
     */
    public static int EAGAIN()
    {
        return EAGAIN;
    }

    /**
     * {@code #define ENOMEM 12}: out of memory.
     *
     * @return the value.
     */
    public static int ENOMEM()
    {
        return ENOMEM;
    }

    /**
     * {@code #define EACCES 13}: permission denied.
     *
     * @return the value.
     */
    public static int EACCES()
    {
        return EACCES;
    }

    /**
     * {@code #define EBUSY 16}: device or resource busy.
     *
     * @return the value.
     */
    public static int EBUSY()
    {
        return EBUSY;
    }

    /**
     * {@code #define ENODEV 19}: no such device.
     *
     * @return the value.
     */
    public static int ENODEV()
    {
        return ENODEV;
    }

    /**
     * {@code #define EINVAL 22}: invalid argument.
     *
     * @return the value.
     */
    public static int EINVAL()
    {
        return EINVAL;
    }

    /**
     * {@code #define ENXIO 6}: no such device or address.
     *
     * @return the value.
     */
    public static int ENXIO()
    {
        return ENXIO;
    }

    /**
     * {@code #define ENETDOWN 100}: network is down.
     *
     * @return the value.
     */
    public static int ENETDOWN()
    {
        return ENETDOWN;
    }

    /**
     * {@code #define EADDRINUSE 98}: address already in use.
     *
     * @return the value.
     */
    public static int EADDRINUSE()
    {
        return EADDRINUSE;
    }

    /**
     * {@code #define EPROTONOSUPPORT 93}: protocol not supported.
     *
     * @return the value.
     */
    public static int EPROTONOSUPPORT()
    {
        return EPROTONOSUPPORT;
    }

    /**
     * {@code #define EAFNOSUPPORT 97}: address family not supported.
     *
     * @return the value.
     */
    public static int EAFNOSUPPORT()
    {
        return EAFNOSUPPORT;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <sys/socket.h>

    private static final int AF_PACKET = 17;

    private static final int SOCK_RAW = 3;

    private static final int SOCK_CLOEXEC = 0x80000;

    private static final int SOL_SOCKET = 1;

    private static final int SO_TIMESTAMPNS = 35;

    /**
     * {@code #define AF_PACKET 17}: packet sockets.
     *
     * @return the value.
     */
    public static int AF_PACKET()
    {
        return AF_PACKET;
    }

    /**
     * {@code #define SOCK_RAW 3}: raw frames, link-layer header included.
     *
     * @return the value.
     */
    public static int SOCK_RAW()
    {
        return SOCK_RAW;
    }

    /**
     * {@code #define SOCK_CLOEXEC 0x80000}: close on exec.
     *
     * @return the value.
     */
    public static int SOCK_CLOEXEC()
    {
        return SOCK_CLOEXEC;
    }

    /**
     * {@code #define SOL_SOCKET 1}: socket-level options.
     *
     * @return the value.
     */
    public static int SOL_SOCKET()
    {
        return SOL_SOCKET;
    }

    /**
     * {@code #define SO_TIMESTAMPNS 35}: option: nanosecond receive timestamps; enabling it makes the kernel stamp
     * every packet as it enters the stack.
     *
     * @return the value.
     */
    public static int SO_TIMESTAMPNS()
    {
        return SO_TIMESTAMPNS;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <linux/if_ether.h>

    private static final int ETH_P_ALL = 3;

    private static final int ETH_P_IP = 0x800;

    private static final int ETH_HLEN = 14;

    /**
     * {@code #define ETH_P_ALL 3}: every protocol (host byte order; pass htons of it).
     *
     * @return the value.
     */
    public static int ETH_P_ALL()
    {
        return ETH_P_ALL;
    }

    /**
     * {@code #define ETH_P_IP 0x800}: IPv4.
     *
     * @return the value.
     */
    public static int ETH_P_IP()
    {
        return ETH_P_IP;
    }

    /**
     * {@code #define ETH_HLEN 14}: Ethernet header bytes.
     *
     * @return the value.
     */
    public static int ETH_HLEN()
    {
        return ETH_HLEN;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <linux/if_packet.h>

    private static final int SOL_PACKET = 0x107;

    private static final int PACKET_HOST = 0;

    private static final int PACKET_BROADCAST = 1;

    private static final int PACKET_MULTICAST = 2;

    private static final int PACKET_OTHERHOST = 3;

    private static final int PACKET_OUTGOING = 4;

    private static final int PACKET_ADD_MEMBERSHIP = 1;

    private static final int PACKET_DROP_MEMBERSHIP = 2;

    private static final int PACKET_RX_RING = 5;

    private static final int PACKET_STATISTICS = 6;

    private static final int PACKET_VERSION = 10;

    private static final int PACKET_RESERVE = 12;

    private static final int PACKET_FANOUT = 18;

    private static final int PACKET_FANOUT_HASH = 0;

    private static final int PACKET_FANOUT_LB = 1;

    private static final int PACKET_FANOUT_CPU = 2;

    private static final int PACKET_FANOUT_FLAG_ROLLOVER = 0x1000;

    private static final int PACKET_FANOUT_FLAG_UNIQUEID = 0x2000;

    private static final int PACKET_FANOUT_FLAG_DEFRAG = 0x8000;

    private static final int PACKET_MR_MULTICAST = 0;

    private static final int PACKET_MR_PROMISC = 1;

    private static final int PACKET_MR_ALLMULTI = 2;

    private static final int TPACKET_V1 = 0;

    private static final int TPACKET_V2 = 1;

    private static final int TPACKET_V3 = 2;

    private static final int TPACKET_ALIGNMENT = 16;

    private static final int TP_STATUS_KERNEL = 0;

    private static final int TP_STATUS_USER = 1;

    private static final int TP_STATUS_COPY = 2;

    private static final int TP_STATUS_LOSING = 4;

    private static final int TP_STATUS_CSUMNOTREADY = 8;

    private static final int TP_STATUS_VLAN_VALID = 16;

    private static final int TP_STATUS_BLK_TMO = 32;

    private static final int TP_STATUS_VLAN_TPID_VALID = 64;

    private static final int TP_STATUS_CSUM_VALID = 128;

    private static final int TP_FT_REQ_FILL_RXHASH = 1;

    /**
     * {@code #define SOL_PACKET 0x107}: AF_PACKET socket options (from <linux/socket.h>).
     *
     * @return the value.
     */
    public static int SOL_PACKET()
    {
        return SOL_PACKET;
    }

    /**
     * {@code #define PACKET_HOST 0}: to us.
     *
     * @return the value.
     */
    public static int PACKET_HOST()
    {
        return PACKET_HOST;
    }

    /**
     * {@code #define PACKET_BROADCAST 1}: to all.
     *
     * @return the value.
     */
    public static int PACKET_BROADCAST()
    {
        return PACKET_BROADCAST;
    }

    /**
     * {@code #define PACKET_MULTICAST 2}: to group.
     *
     * @return the value.
     */
    public static int PACKET_MULTICAST()
    {
        return PACKET_MULTICAST;
    }

    /**
     * {@code #define PACKET_OTHERHOST 3}: to someone else.
     *
     * @return the value.
     */
    public static int PACKET_OTHERHOST()
    {
        return PACKET_OTHERHOST;
    }

    /**
     * {@code #define PACKET_OUTGOING 4}: sent by us.
     *
     * @return the value.
     */
    public static int PACKET_OUTGOING()
    {
        return PACKET_OUTGOING;
    }

    /**
     * {@code #define PACKET_ADD_MEMBERSHIP 1}: option: add a packet_mreq.
     *
     * @return the value.
     */
    public static int PACKET_ADD_MEMBERSHIP()
    {
        return PACKET_ADD_MEMBERSHIP;
    }

    /**
     * {@code #define PACKET_DROP_MEMBERSHIP 2}: option: drop a packet_mreq.
     *
     * @return the value.
     */
    public static int PACKET_DROP_MEMBERSHIP()
    {
        return PACKET_DROP_MEMBERSHIP;
    }

    /**
     * {@code #define PACKET_RX_RING 5}: option: receive ring.
     *
     * @return the value.
     */
    public static int PACKET_RX_RING()
    {
        return PACKET_RX_RING;
    }

    /**
     * {@code #define PACKET_STATISTICS 6}: option: tpacket_stats_v3, reset on read.
     *
     * @return the value.
     */
    public static int PACKET_STATISTICS()
    {
        return PACKET_STATISTICS;
    }

    /**
     * {@code #define PACKET_VERSION 10}: option: TPACKET_V1..V3.
     *
     * @return the value.
     */
    public static int PACKET_VERSION()
    {
        return PACKET_VERSION;
    }

    /**
     * {@code #define PACKET_RESERVE 12}: option: headroom.
     *
     * @return the value.
     */
    public static int PACKET_RESERVE()
    {
        return PACKET_RESERVE;
    }

    /**
     * {@code #define PACKET_FANOUT 18}: option: join a fanout group.
     *
     * @return the value.
     */
    public static int PACKET_FANOUT()
    {
        return PACKET_FANOUT;
    }

    /**
     * {@code #define PACKET_FANOUT_HASH 0}: fanout by flow hash.
     *
     * @return the value.
     */
    public static int PACKET_FANOUT_HASH()
    {
        return PACKET_FANOUT_HASH;
    }

    /**
     * {@code #define PACKET_FANOUT_LB 1}: fanout round robin.
     *
     * @return the value.
     */
    public static int PACKET_FANOUT_LB()
    {
        return PACKET_FANOUT_LB;
    }

    /**
     * {@code #define PACKET_FANOUT_CPU 2}: fanout by receiving CPU.
     *
     * @return the value.
     */
    public static int PACKET_FANOUT_CPU()
    {
        return PACKET_FANOUT_CPU;
    }

    /**
     * {@code #define PACKET_FANOUT_FLAG_ROLLOVER 0x1000}: fanout flag: roll over to another member when full.
     *
     * @return the value.
     */
    public static int PACKET_FANOUT_FLAG_ROLLOVER()
    {
        return PACKET_FANOUT_FLAG_ROLLOVER;
    }

    /**
     * {@code #define PACKET_FANOUT_FLAG_UNIQUEID 0x2000}: fanout flag: kernel picks the id.
     *
     * @return the value.
     */
    public static int PACKET_FANOUT_FLAG_UNIQUEID()
    {
        return PACKET_FANOUT_FLAG_UNIQUEID;
    }

    /**
     * {@code #define PACKET_FANOUT_FLAG_DEFRAG 0x8000}: fanout flag: reassemble IP fragments before hashing.
     *
     * @return the value.
     */
    public static int PACKET_FANOUT_FLAG_DEFRAG()
    {
        return PACKET_FANOUT_FLAG_DEFRAG;
    }

    /**
     * {@code #define PACKET_MR_MULTICAST 0}: membership: multicast address.
     *
     * @return the value.
     */
    public static int PACKET_MR_MULTICAST()
    {
        return PACKET_MR_MULTICAST;
    }

    /**
     * {@code #define PACKET_MR_PROMISC 1}: membership: promiscuous mode.
     *
     * @return the value.
     */
    public static int PACKET_MR_PROMISC()
    {
        return PACKET_MR_PROMISC;
    }

    /**
     * {@code #define PACKET_MR_ALLMULTI 2}: membership: all multicast.
     *
     * @return the value.
     */
    public static int PACKET_MR_ALLMULTI()
    {
        return PACKET_MR_ALLMULTI;
    }

    /**
     * {@code #define TPACKET_V1 0}: ring version 1.
     *
     * @return the value.
     */
    public static int TPACKET_V1()
    {
        return TPACKET_V1;
    }

    /**
     * {@code #define TPACKET_V2 1}: ring version 2.
     *
     * @return the value.
     */
    public static int TPACKET_V2()
    {
        return TPACKET_V2;
    }

    /**
     * {@code #define TPACKET_V3 2}: ring version 3: variable-size frames in blocks.
     *
     * @return the value.
     */
    public static int TPACKET_V3()
    {
        return TPACKET_V3;
    }

    /**
     * {@code #define TPACKET_ALIGNMENT 16}: alignment of frame parts.
     *
     * @return the value.
     */
    public static int TPACKET_ALIGNMENT()
    {
        return TPACKET_ALIGNMENT;
    }

    /**
     * {@code #define TP_STATUS_KERNEL 0}: block owned by the kernel.
     *
     * @return the value.
     */
    public static int TP_STATUS_KERNEL()
    {
        return TP_STATUS_KERNEL;
    }

    /**
     * {@code #define TP_STATUS_USER 1}: block handed to user space.
     *
     * @return the value.
     */
    public static int TP_STATUS_USER()
    {
        return TP_STATUS_USER;
    }

    /**
     * {@code #define TP_STATUS_COPY 2}: packet truncated (V1/V2).
     *
     * @return the value.
     */
    public static int TP_STATUS_COPY()
    {
        return TP_STATUS_COPY;
    }

    /**
     * {@code #define TP_STATUS_LOSING 4}: drops happened.
     *
     * @return the value.
     */
    public static int TP_STATUS_LOSING()
    {
        return TP_STATUS_LOSING;
    }

    /**
     * {@code #define TP_STATUS_CSUMNOTREADY 8}: checksum not computed yet (outgoing).
     *
     * @return the value.
     */
    public static int TP_STATUS_CSUMNOTREADY()
    {
        return TP_STATUS_CSUMNOTREADY;
    }

    /**
     * {@code #define TP_STATUS_VLAN_VALID 16}: tp_vlan_tci valid.
     *
     * @return the value.
     */
    public static int TP_STATUS_VLAN_VALID()
    {
        return TP_STATUS_VLAN_VALID;
    }

    /**
     * {@code #define TP_STATUS_BLK_TMO 32}: block retired by the timeout.
     *
     * @return the value.
     */
    public static int TP_STATUS_BLK_TMO()
    {
        return TP_STATUS_BLK_TMO;
    }

    /**
     * {@code #define TP_STATUS_VLAN_TPID_VALID 64}: tp_vlan_tpid valid.
     *
     * @return the value.
     */
    public static int TP_STATUS_VLAN_TPID_VALID()
    {
        return TP_STATUS_VLAN_TPID_VALID;
    }

    /**
     * {@code #define TP_STATUS_CSUM_VALID 128}: checksum validated.
     *
     * @return the value.
     */
    public static int TP_STATUS_CSUM_VALID()
    {
        return TP_STATUS_CSUM_VALID;
    }

    /**
     * {@code #define TP_FT_REQ_FILL_RXHASH 1}: fill tp_rxhash.
     *
     * @return the value.
     */
    public static int TP_FT_REQ_FILL_RXHASH()
    {
        return TP_FT_REQ_FILL_RXHASH;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <linux/if_arp.h>

    private static final int ARPHRD_ETHER = 1;

    private static final int ARPHRD_LOOPBACK = 0x304;

    private static final int ARPHRD_NONE = 0xfffe;

    private static final int ARPHRD_IEEE80211_RADIOTAP = 0x323;

    /**
     * {@code #define ARPHRD_ETHER 1}: Ethernet.
     *
     * @return the value.
     */
    public static int ARPHRD_ETHER()
    {
        return ARPHRD_ETHER;
    }

    /**
     * {@code #define ARPHRD_LOOPBACK 0x304}: loopback (Ethernet-framed, zero MACs).
     *
     * @return the value.
     */
    public static int ARPHRD_LOOPBACK()
    {
        return ARPHRD_LOOPBACK;
    }

    /**
     * {@code #define ARPHRD_NONE 0xfffe}: no header (tun).
     *
     * @return the value.
     */
    public static int ARPHRD_NONE()
    {
        return ARPHRD_NONE;
    }

    /**
     * {@code #define ARPHRD_IEEE80211_RADIOTAP 0x323}: 802.11 with radiotap.
     *
     * @return the value.
     */
    public static int ARPHRD_IEEE80211_RADIOTAP()
    {
        return ARPHRD_IEEE80211_RADIOTAP;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <sys/mman.h>

    private static final int PROT_READ = 1;

    private static final int PROT_WRITE = 2;

    private static final int MAP_SHARED = 1;

    private static final int MAP_LOCKED = 0x2000;

    private static final int MAP_POPULATE = 0x8000;

    /**
     * {@code #define PROT_READ 1}: readable.
     *
     * @return the value.
     */
    public static int PROT_READ()
    {
        return PROT_READ;
    }

    /**
     * {@code #define PROT_WRITE 2}: writable.
     *
     * @return the value.
     */
    public static int PROT_WRITE()
    {
        return PROT_WRITE;
    }

    /**
     * {@code #define MAP_SHARED 1}: shared mapping.
     *
     * @return the value.
     */
    public static int MAP_SHARED()
    {
        return MAP_SHARED;
    }

    /**
     * {@code #define MAP_LOCKED 0x2000}: lock the pages.
     *
     * @return the value.
     */
    public static int MAP_LOCKED()
    {
        return MAP_LOCKED;
    }

    /**
     * {@code #define MAP_POPULATE 0x8000}: prefault the pages.
     *
     * @return the value.
     */
    public static int MAP_POPULATE()
    {
        return MAP_POPULATE;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <poll.h>

    private static final int POLLIN = 1;

    private static final int POLLERR = 8;

    private static final int POLLHUP = 16;

    private static final int POLLNVAL = 32;

    /**
     * {@code #define POLLIN 1}: readable.
     *
     * @return the value.
     */
    public static int POLLIN()
    {
        return POLLIN;
    }

    /**
     * {@code #define POLLERR 8}: error.
     *
     * @return the value.
     */
    public static int POLLERR()
    {
        return POLLERR;
    }

    /**
     * {@code #define POLLHUP 16}: hung up.
     *
     * @return the value.
     */
    public static int POLLHUP()
    {
        return POLLHUP;
    }

    /**
     * {@code #define POLLNVAL 32}: not open.
     *
     * @return the value.
     */
    public static int POLLNVAL()
    {
        return POLLNVAL;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <net/if.h>

    private static final int IFF_UP = 1;

    private static final int IFF_LOOPBACK = 8;

    private static final int IFF_RUNNING = 64;

    private static final int IFF_PROMISC = 0x100;

    private static final int IF_NAMESIZE = 16;

    /**
     * {@code #define IFF_UP 1}: administratively up.
     *
     * @return the value.
     */
    public static int IFF_UP()
    {
        return IFF_UP;
    }

    /**
     * {@code #define IFF_LOOPBACK 8}: loopback.
     *
     * @return the value.
     */
    public static int IFF_LOOPBACK()
    {
        return IFF_LOOPBACK;
    }

    /**
     * {@code #define IFF_RUNNING 64}: operationally up.
     *
     * @return the value.
     */
    public static int IFF_RUNNING()
    {
        return IFF_RUNNING;
    }

    /**
     * {@code #define IFF_PROMISC 0x100}: promiscuous.
     *
     * @return the value.
     */
    public static int IFF_PROMISC()
    {
        return IFF_PROMISC;
    }

    /**
     * {@code #define IF_NAMESIZE 16}: bytes of a name with its NUL.
     *
     * @return the value.
     */
    public static int IF_NAMESIZE()
    {
        return IF_NAMESIZE;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <sys/ioctl.h>

    private static final int SIOCGIFFLAGS = 0x8913;

    private static final int SIOCGIFHWADDR = 0x8927;

    private static final int SIOCGIFINDEX = 0x8933;

    /**
     * {@code #define SIOCGIFFLAGS 0x8913}: get ifr_flags.
     *
     * @return the value.
     */
    public static int SIOCGIFFLAGS()
    {
        return SIOCGIFFLAGS;
    }

    /**
     * {@code #define SIOCGIFHWADDR 0x8927}: get ifr_hwaddr (sa_family = ARPHRD_ type).
     *
     * @return the value.
     */
    public static int SIOCGIFHWADDR()
    {
        return SIOCGIFHWADDR;
    }

    /**
     * {@code #define SIOCGIFINDEX 0x8933}: get ifr_ifindex.
     *
     * @return the value.
     */
    public static int SIOCGIFINDEX()
    {
        return SIOCGIFINDEX;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <fcntl.h>

    private static final int O_RDONLY = 0;

    private static final int O_CLOEXEC = 0x80000;

    /**
     * {@code #define O_RDONLY 0}: read only.
     *
     * @return the value.
     */
    public static int O_RDONLY()
    {
        return O_RDONLY;
    }

    /**
     * {@code #define O_CLOEXEC 0x80000}: close on exec.
     *
     * @return the value.
     */
    public static int O_CLOEXEC()
    {
        return O_CLOEXEC;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // <sched.h>

    private static final int CLONE_NEWNET = 0x40000000;

    /**
     * {@code #define CLONE_NEWNET 0x40000000}: network namespace.
     *
     * @return the value.
     */
    public static int CLONE_NEWNET()
    {
        return CLONE_NEWNET;
    }
}
