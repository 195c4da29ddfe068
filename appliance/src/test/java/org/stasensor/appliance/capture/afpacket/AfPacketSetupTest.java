package org.stasensor.appliance.capture.afpacket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.capture.CaptureSetupException;
import org.stasensor.appliance.capture.PacketSource;
import org.stasensor.appliance.lab.NetnsLab;

/**
 * Bad configurations end in one line for the operator, never a hang or a stack trace. The lab's namespace a is the
 * host here: its interfaces ({@code ip -n A -o link} says which) are known, and changing them harms nothing.
 */
final class AfPacketSetupTest
{
    @TempDir
    static Path directory;
    private static NetnsLab lab;

    @BeforeAll
    static void createLab()
    {
        lab = NetnsLab.create("afsetup", directory);
    }

    @AfterAll
    static void deleteLab()
    {
        if (lab != null)
        {
            lab.close();
        }
    }

    @Test
    void anUnknownInterfaceIsNamedWithTheInterfacesThatExist()
    {
        final CaptureSetupException refused = refused(AfPacketSettings.of("eth9", 2));
        assertEquals("no interface 'eth9'; interfaces here: " + String.join(", ", ipLinkNames()),
            refused.getMessage());
        assertEquals("no interface 'a-name-longer-than-15'; interfaces here: " + String.join(", ", ipLinkNames()),
            refused(AfPacketSettings.of("a-name-longer-than-15", 1)).getMessage());
    }

    @Test
    void anInterfaceThatIsDownIsRefusedWithWhatToDo()
    {
        // A new veth pair starts down.
        lab.run(lab.a(), Duration.ofSeconds(5), "ip", "link", "add", "down0", "type", "veth", "peer", "name", "down1")
            .orFail();
        try
        {
            assertEquals("interface 'down0' is down; bring it up first (ip link set down0 up)",
                refused(AfPacketSettings.of("down0", 1)).getMessage());
        }
        finally
        {
            lab.run(lab.a(), Duration.ofSeconds(5), "ip", "link", "del", "down0").orFail();
        }
    }

    @Test
    void anInterfaceWithoutEthernetFramesIsRefused()
    {
        lab.run(lab.a(), Duration.ofSeconds(5), "ip", "tuntap", "add", "dev", "tun9", "mode", "tun").orFail();
        try
        {
            lab.run(lab.a(), Duration.ofSeconds(5), "ip", "link", "set", "tun9", "up").orFail();
            assertEquals("interface 'tun9' has link type ARPHRD_NONE (no link-layer header, e.g. tun or WireGuard); "
                + "af_packet captures Ethernet and loopback interfaces only",
                refused(AfPacketSettings.of("tun9", 1)).getMessage());
        }
        finally
        {
            lab.run(lab.a(), Duration.ofSeconds(5), "ip", "link", "del", "tun9").orFail();
        }
    }

    @Test
    void aRingTooBigIsRefusedBeforeTheKernelTriesToFindTheMemory()
    {
        final String name = lab.a().interfaceName();
        final String perRing = refused(AfPacketSettings.of(name, 1).withBlocks(1 << 20, 8192)).getMessage();
        assertEquals("ring too big: 8192 blocks of 1048576 bytes (8192 MiB) per worker; the kernel takes at most "
            + "4 GiB per ring", perRing);
        final String total = refused(AfPacketSettings.of(name, 256).withBlocks(1 << 22, 1000)).getMessage();
        assertTrue(total.startsWith("ring too big: 256 worker(s) x 1000 blocks of 4194304 bytes (4000 MiB) = "
            + "1024000 MiB, more than half the available memory ("), total);
        assertEquals(1, total.lines().count());
    }

    @Test
    void settingsOutOfRangeAreNamed()
    {
        final String name = lab.a().interfaceName();
        assertEquals("af_packet workers must be 1..256: 0", refused(AfPacketSettings.of(name, 0)).getMessage());
        assertEquals("af_packet block size must be a multiple of 4096 and at least 65536: 100000",
            refused(AfPacketSettings.of(name, 1).withBlocks(100_000, 4)).getMessage());
        assertEquals("af_packet fanout group id must be 0..65535: 70000",
            refused(AfPacketSettings.of(name, 1).withFanoutGroupId(70_000)).getMessage());
    }

    @Test
    void twoCapturesCanUseOneInterfaceWithDifferentGroupsAndEveryRingIsReleased() throws Exception
    {
        final String name = lab.a().interfaceName();
        final List<PacketSource> first = inLab(() -> AfPacketCapture.open(AfPacketSettings.of(name, 2)
            .withFanoutGroupId(101)));
        final List<PacketSource> second = inLab(() -> AfPacketCapture.open(AfPacketSettings.of(name, 2)
            .withFanoutGroupId(102)));
        assertEquals(List.of("af_packet:" + name + "#0", "af_packet:" + name + "#1"),
            first.stream().map(PacketSource::name).toList());
        first.forEach(PacketSource::close);
        second.forEach(PacketSource::close);
        // Closed twice is harmless; every socket is gone (the kernel lists packet sockets in /proc/net/packet).
        first.forEach(PacketSource::close);
        final String sockets = lab.run(lab.a(), Duration.ofSeconds(5), "cat", "/proc/net/packet").orFail().stdout();
        assertEquals(1, sockets.lines().count(), sockets);
    }

    private static CaptureSetupException refused(final AfPacketSettings settings)
    {
        return assertThrows(CaptureSetupException.class, () -> inLab(() -> AfPacketCapture.open(settings)));
    }

    private static <T> T inLab(final Callable<T> body) throws Exception
    {
        return InNamespace.call(lab.a().name(), body);
    }

    private static List<String> ipLinkNames()
    {
        final List<String> names = new ArrayList<>();
        for (final String line : lab.run(lab.a(), Duration.ofSeconds(5), "ip", "-o", "link", "show").orFail()
            .stdout().split("\n"))
        {
            if (!line.isBlank())
            {
                // "2: name@peer: <...>" or "1: lo: <...>"
                final String name = line.split(":")[1].strip();
                names.add(name.contains("@") ? name.substring(0, name.indexOf('@')) : name);
            }
        }
        return names;
    }
}
