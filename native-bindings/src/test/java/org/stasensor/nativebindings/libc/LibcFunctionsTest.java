package org.stasensor.nativebindings.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The downcalls link and do what their man pages say; the kernel's sysfs view of this host's interfaces is the
 * oracle for names, indexes, flags and ARPHRD types (this JVM runs in the namespace sysfs was mounted in).
 */
final class LibcFunctionsTest
{
    @Test
    void interfaceIndexesAndNamesAreWhatSysfsSays() throws Exception
    {
        final Set<String> sysfs = new TreeSet<>();
        try (Stream<Path> list = Files.list(Path.of("/sys/class/net")))
        {
            list.forEach(path -> sysfs.add(path.getFileName().toString()));
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = Libc.allocateCallState(arena);
            for (final String name : sysfs)
            {
                final int expected = Integer.parseInt(Files.readString(Path.of("/sys/class/net", name, "ifindex"))
                    .strip());
                assertEquals(expected, Libc.if_nametoindex(state, arena.allocateFrom(name)), name);
            }
            assertEquals(0, Libc.if_nametoindex(state, arena.allocateFrom("nosuchif0")));
            assertEquals(Libc.ENODEV(), Libc.errno(state));

            final MemorySegment array = Libc.if_nameindex(state);
            assertTrue(array.address() != 0, "if_nameindex failed");
            final Set<String> listed = new HashSet<>();
            try
            {
                final MemorySegment entries = array.reinterpret(Long.MAX_VALUE);
                for (long at = 0; ; at += if_nameindex.sizeof())
                {
                    final MemorySegment entry = entries.asSlice(at, if_nameindex.sizeof());
                    if (if_nameindex.if_index(entry) == 0)
                    {
                        break;
                    }
                    listed.add(if_nameindex.if_name(entry).getString(0));
                }
            }
            finally
            {
                Libc.if_freenameindex(array);
            }
            assertEquals(sysfs, new TreeSet<>(listed));
        }
    }

    @Test
    void interfaceIoctlsGiveTheFlagsAndHardwareTypeSysfsShows() throws Exception
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = Libc.allocateCallState(arena);
            final int fd = Libc.socket(state, 2 /* AF_INET */, 2 /* SOCK_DGRAM */, 0);
            assertTrue(fd >= 0, Libc.errorText(Libc.errno(state)));
            try
            {
                final MemorySegment request = arena.allocate(ifreq.layout());
                request.asSlice(ifreq.ifr_name$offset()).setString(0, "lo");
                assertEquals(0, Libc.ioctl(state, fd, Libc.SIOCGIFFLAGS(), request));
                final int flags = Integer.decode(Files.readString(Path.of("/sys/class/net/lo/flags")).strip());
                // sysfs shows the configured flags; SIOCGIFFLAGS adds the dynamic ones (IFF_RUNNING, ...).
                final int fixed = Libc.IFF_UP() | Libc.IFF_LOOPBACK() | Libc.IFF_PROMISC();
                assertEquals(flags & fixed, ifreq.ifru_flags(request) & fixed);
                assertEquals(Libc.IFF_UP() | Libc.IFF_LOOPBACK(), flags & fixed);
                assertEquals(0, Libc.ioctl(state, fd, Libc.SIOCGIFHWADDR(), request));
                final int type = Integer.parseInt(Files.readString(Path.of("/sys/class/net/lo/type")).strip());
                assertEquals(type, sockaddr.sa_family(ifreq.ifru_hwaddr(request)));
                assertEquals(Libc.ARPHRD_LOOPBACK(), type);
            }
            finally
            {
                assertEquals(0, Libc.close(state, fd));
            }
            assertEquals(-1, Libc.close(state, -1));
            assertEquals(9 /* EBADF */, Libc.errno(state));
        }
    }

    @Test
    void pollOnAnIdleDescriptorTimesOutAndMmapMapsAFile() throws Exception
    {
        final File file = File.createTempFile("libc", ".bin");
        try (Arena arena = Arena.ofConfined())
        {
            Files.write(file.toPath(), new byte[] {1, 2, 3, 4});
            final MemorySegment state = Libc.allocateCallState(arena);
            final int fd = Libc.open(state, arena.allocateFrom(file.getPath()), Libc.O_RDONLY() | Libc.O_CLOEXEC());
            assertTrue(fd >= 0, Libc.errorText(Libc.errno(state)));
            final MemorySegment mapped = Libc.mmap(state, MemorySegment.NULL, 4, Libc.PROT_READ(), Libc.MAP_SHARED(),
                fd, 0);
            assertTrue(mapped.address() != -1L, Libc.errorText(Libc.errno(state)));
            assertEquals(0x04030201, mapped.reinterpret(4).get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED
                .withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 0));
            assertEquals(0, Libc.munmap(state, mapped, 4));

            final int udp = Libc.socket(state, 2 /* AF_INET */, 2 /* SOCK_DGRAM */, 0);
            final MemorySegment fds = arena.allocate(pollfd.layout());
            pollfd.fd(fds, udp);
            pollfd.events(fds, (short)Libc.POLLIN());
            final long start = System.nanoTime();
            assertEquals(0, Libc.poll(state, fds, 1, 20));
            assertTrue(System.nanoTime() - start >= 15_000_000L, "poll returned before its timeout");
            Libc.close(state, udp);
            Libc.close(state, fd);
        }
        finally
        {
            Files.delete(file.toPath());
        }
    }

    @Test
    void afPacketSocketsNeedCapNetRaw()
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = Libc.allocateCallState(arena);
            final int fd = Libc.socket(state, Libc.AF_PACKET(), Libc.SOCK_RAW() | Libc.SOCK_CLOEXEC(),
                Libc.htons(Libc.ETH_P_ALL()));
            assertTrue(fd >= 0, Libc.errorText(Libc.errno(state)));
            assertEquals(0, Libc.close(state, fd));
            assertEquals("Invalid argument", Libc.errorText(Libc.EINVAL()));
            assertEquals(0x0300, Libc.htons(0x0003));
        }
    }
}
