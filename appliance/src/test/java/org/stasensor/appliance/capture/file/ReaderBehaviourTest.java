package org.stasensor.appliance.capture.file;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.packet.PacketConsumer;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the reader behaves around the packets: progress reports, files read one after another with their mappings
 * closed, no allocation per packet, offsets beyond 2 GiB, and paced replay.
 */
class ReaderBehaviourTest
{
    private static final String CURL = "ja3/Traces/ssl-curl.pcap";

    @TempDir
    Path temp;

    @Test
    void progressIsReportedEveryIntervalAndAtTheEndWithBytesRisingToTheFileSize() throws Exception
    {
        final Path file = TestFiles.corpusFile(CURL);
        final CaptureFileReader reader = new CaptureFileReader(4);
        final List<long[]> reports = new ArrayList<>();
        final CaptureFileResult result = reader.read(file, new PacketLog(), (name, consumed, size, packets) ->
        {
            assertEquals(file, name);
            reports.add(new long[] {consumed, size, packets});
        });
        assertEquals(34, result.packets());
        assertEquals(34 / 4 + 1, reports.size(), "every 4 packets, then once at the end");
        long previous = 0;
        for (int i = 0; i < reports.size(); i++)
        {
            final long[] report = reports.get(i);
            assertEquals(Files.size(file), report[1]);
            assertEquals(i < reports.size() - 1 ? 4L * (i + 1) : 34, report[2]);
            assertTrue(report[0] > previous && report[0] <= report[1]);
            previous = report[0];
        }
        assertEquals(Files.size(file), previous);
        assertEquals(Files.size(file), reader.bytesConsumed());
        assertEquals(Files.size(file), reader.fileSize());
        assertThrows(IllegalArgumentException.class, () -> new CaptureFileReader(3));
        assertThrows(IllegalArgumentException.class, () -> new CaptureFileReader(0));
    }

    /** One reader, several files in turn: each result stands alone and each mapping is closed after its file. */
    @Test
    void filesReadInSequenceAreIndependentAndEachMappingIsClosedAfterItsFile() throws Exception
    {
        final Path pcap = TestFiles.corpusFile(CURL);
        final Path pcapng = TestFiles.corpusFile("nDPI/pcap/tls_heur__vmess-tcp.pcapng");
        final Path cut = Files.write(temp.resolve("cut.pcap"), java.util.Arrays.copyOf(Files.readAllBytes(pcap),
            5000));
        final CaptureFileReader reader = new CaptureFileReader();
        final long[] expected = {34, 100, 11, 34};
        final Path[] files = {pcap, pcapng, cut, pcap};
        for (int i = 0; i < files.length; i++)
        {
            final PacketLog log = new PacketLog();
            final CaptureFileResult result = reader.read(files[i], log);
            assertEquals(expected[i], result.packets(), result.message());
            assertEquals(files[i] == cut ? ReadStatus.TRUNCATED : ReadStatus.OK, result.status());
            assertEquals(Files.size(files[i]), result.fileSize());
            assertTrue(log.lastMemory.isNative(), "packets are viewed in the mapped file, not copied");
            assertFalse(log.lastMemory.scope().isAlive(), "the mapping is closed once the file is read");
            assertThrows(IllegalStateException.class, () -> log.lastMemory.get(ValueLayout.JAVA_BYTE, 0));
        }
    }

    /**
     * After warm-up, reading a file of 200,000 packets allocates a few kilobytes in all (channel, arena, result),
     * nothing per packet: far below one byte per packet. Checked for pcap and pcapng.
     */
    @Test
    void readingAllocatesNothingPerPacket() throws Exception
    {
        final CraftedCapture pcap = CraftedCapture.pcap(ByteOrder.LITTLE_ENDIAN, true, 65535, 1);
        final CraftedCapture pcapng = CraftedCapture.pcapng().section(ByteOrder.BIG_ENDIAN)
            .interfaceBlock(1, 0, 9, null).interfaceBlock(113, 0, 0x80 | 20, 5L);
        final byte[] frame = CraftedPcapngTest.frame(60, 1);
        final int packets = 200_000;
        for (int i = 0; i < packets; i++)
        {
            pcap.pcapRecord(1_700_000_000L + i, i, frame, 60);
            if (i % 3 == 0)
            {
                pcapng.simplePacket(frame, 60);
            }
            else
            {
                pcapng.enhancedPacket(i & 1, 1_700_000_000_000_000_000L + i, frame, 60);
            }
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final CaptureFileReader reader = new CaptureFileReader();
        final Summing consumer = new Summing();
        for (final Path file : List.of(pcap.write(temp.resolve("many.pcap")),
            pcapng.write(temp.resolve("many.pcapng"))))
        {
            for (int warm = 0; warm < 5; warm++)
            {
                reader.read(file, consumer);
            }
            final long before = threads.getCurrentThreadAllocatedBytes();
            final CaptureFileResult result = reader.read(file, consumer);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(packets, result.packets());
            assertTrue(allocated < 64 * 1024, file.getFileName() + ": " + allocated + " bytes allocated for "
                + packets + " packets");
        }
        assertTrue(consumer.sum > 0);
    }

    /** Offsets past 2^31 (a sparse file of 2.3 GB): packets after them arrive intact, in pcapng and pcap. */
    @Test
    void packetsBeyondTwoGibibytesArriveIntact() throws Exception
    {
        final byte[] last = CraftedPcapngTest.frame(90, 77);
        final Path ng = temp.resolve("sparse.pcapng");
        try (FileChannel channel = FileChannel.open(ng, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            StandardOpenOption.SPARSE))
        {
            long at = channel.write(ByteBuffer.wrap(CraftedCapture.pcapng().section(ByteOrder.LITTLE_ENDIAN)
                .interfaceBlock(1, 0, -1, null).enhancedPacket(0, 1L, CraftedPcapngTest.frame(60, 1), 60).bytes()));
            final int skipLength = 128 << 20;
            for (int i = 0; i < 17; i++)
            {
                // a block of an unknown local type: header and trailer written, its body a hole
                final ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(0x80000042).putInt(skipLength).flip();
                channel.write(header, at);
                channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(skipLength).flip(),
                    at + skipLength - 4);
                at += skipLength;
            }
            channel.write(ByteBuffer.wrap(CraftedCapture.pcapng().enhancedPacket(0, 2L, last, 90).bytes()), at);
        }
        assertTrue(Files.size(ng) > 1L << 31);
        final LastPacket lastNg = new LastPacket();
        final CaptureFileResult ngResult = new CaptureFileReader().read(ng, lastNg);
        assertEquals(ReadStatus.OK, ngResult.status(), ngResult.message());
        assertEquals(2, ngResult.packets());
        assertTrue(lastNg.offset > 1L << 31);
        assertArrayEquals(last, lastNg.bytes);

        final Path pcap = temp.resolve("sparse.pcap");
        final int records = 8_200;
        try (FileChannel channel = FileChannel.open(pcap, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            StandardOpenOption.SPARSE))
        {
            long at = channel.write(ByteBuffer.wrap(CraftedCapture.pcap(ByteOrder.BIG_ENDIAN, false, 262_144, 1)
                .bytes()));
            for (int i = 0; i < records; i++)
            {
                final boolean lastRecord = i == records - 1;
                final int captured = lastRecord ? last.length : 262_144;
                channel.write(ByteBuffer.allocate(16).putInt(i).putInt(0).putInt(captured).putInt(captured).flip(),
                    at);
                if (lastRecord)
                {
                    channel.write(ByteBuffer.wrap(last), at + 16);
                }
                at += 16 + captured;
            }
        }
        final LastPacket lastPcap = new LastPacket();
        final CaptureFileResult pcapResult = new CaptureFileReader().read(pcap, lastPcap);
        assertEquals(ReadStatus.OK, pcapResult.status(), pcapResult.message());
        assertEquals(records, pcapResult.packets());
        assertTrue(lastPcap.offset > 1L << 31);
        assertArrayEquals(last, lastPcap.bytes);
        assertEquals((records - 1) * 1_000_000_000L, lastPcap.timestamp);
    }

    @Test
    void replayPacerHonoursCaptureGapsDividedByTheSpeed() throws Exception
    {
        // packets at 0, 0.2, 0.5 and 0.6 s, then one stamped earlier than the last (delivered at once)
        final CraftedCapture capture = CraftedCapture.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, 1);
        final long[] micros = {0, 200_000, 500_000, 600_000, 100_000};
        for (final long offset : micros)
        {
            capture.pcapRecord(1_700_000_000L, offset, new byte[60], 60);
        }
        final Path file = capture.write(temp.resolve("paced.pcap"));
        final List<Long> deliveredAt = new ArrayList<>();
        final PacketConsumer clock = (linkType, memory, offset, captured, wire, timestamp) ->
            deliveredAt.add(System.nanoTime());
        final long started = System.nanoTime();
        new CaptureFileReader().read(file, new ReplayPacer(clock, 10.0));
        final long[] dueMillis = {0, 20, 50, 60, 60};
        for (int i = 1; i < dueMillis.length; i++)
        {
            final long sinceFirst = (deliveredAt.get(i) - deliveredAt.get(0)) / 1_000_000;
            assertTrue(sinceFirst >= dueMillis[i] - 1, "packet " + i + " delivered early: " + sinceFirst + " ms");
            assertTrue(sinceFirst < dueMillis[i] + 500, "packet " + i + " delivered late: " + sinceFirst + " ms");
        }
        assertTrue(System.nanoTime() - started < 2_000_000_000L);
        assertThrows(IllegalArgumentException.class, () -> new ReplayPacer(clock, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReplayPacer(clock, Double.NaN));
    }

    @Test
    void replayPacerStopsPacingWhenInterrupted() throws Exception
    {
        final CraftedCapture capture = CraftedCapture.pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, 1);
        capture.pcapRecord(1_700_000_000L, 0, new byte[60], 60).pcapRecord(1_700_003_600L, 0, new byte[60], 60)
            .pcapRecord(1_700_007_200L, 0, new byte[60], 60);
        final Path file = capture.write(temp.resolve("hours.pcap"));
        final long started = System.nanoTime();
        final PacketConsumer interruptAtFirst = (linkType, memory, offset, captured, wire, timestamp) ->
            Thread.currentThread().interrupt();
        try
        {
            final CaptureFileResult result = new CaptureFileReader().read(file, new ReplayPacer(interruptAtFirst, 1));
            assertEquals(3, result.packets());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        }
        finally
        {
            Thread.interrupted();
        }
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "an hour-long gap was not waited out");
    }

    /** Touches no packet bytes except to sum a few of them; allocates nothing. */
    private static final class Summing implements PacketConsumer
    {
        long sum;

        @Override
        public void onPacket(final int linkType, final MemorySegment memory, final long offset,
            final int capturedLength, final int wireLength, final long timestampNanos)
        {
            sum += linkType + capturedLength + wireLength + (timestampNanos & 0xFF)
                + memory.get(ValueLayout.JAVA_BYTE, offset);
        }
    }

    /** Keeps the bytes of the last packet only (copying them is the test's business, not the reader's). */
    private static final class LastPacket implements PacketConsumer
    {
        long offset;
        long timestamp;
        byte[] bytes;

        @Override
        public void onPacket(final int linkType, final MemorySegment memory, final long offset,
            final int capturedLength, final int wireLength, final long timestampNanos)
        {
            this.offset = offset;
            this.timestamp = timestampNanos;
            this.bytes = null;
            if (capturedLength < 1000)
            {
                this.bytes = memory.asSlice(offset, capturedLength).toArray(ValueLayout.JAVA_BYTE);
            }
        }
    }
}
