package org.stasensor.pipeline.tls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.stasensor.pipeline.tls.TsharkTcpConnections.Segment;

/**
 * Rewrites the two byte streams of a captured TLS connection so that every handshake record is cut into records of
 * a few payload bytes (the same messages, framed differently, RFC 8446 5.1: a message may span records), keeping
 * the segments in their capture order: each segment carries the rewritten bytes of the original bytes it carried.
 * Records of other content types are kept whole. For TLS 1.3 connections, whose handshake records are all plaintext.
 */
final class HandshakeRecordReframer
{
    private static final int HEADER = TlsStreamScanner.RECORD_HEADER_LENGTH;

    private HandshakeRecordReframer()
    {
    }

    /**
     * Reframes a connection.
     *
     * @param segments the captured segments, sequence numbers relative.
     * @param size     largest payload of a rewritten handshake record.
     * @return segments in the same order with the same frame numbers, over the rewritten streams.
     */
    static List<Segment> reframe(final List<Segment> segments, final int size)
    {
        final Direction client = new Direction(segments, true, size);
        final Direction server = new Direction(segments, false, size);
        final List<Segment> out = new ArrayList<>();
        for (final Segment segment : segments)
        {
            final Direction direction = segment.fromClient() ? client : server;
            final int from = (int)(segment.sequence() - direction.base);
            final int to = Math.min(direction.original.length, from + segment.payload().length);
            final int newFrom = direction.emittedBefore[from];
            final int newTo = direction.emittedBefore[to];
            out.add(new Segment(segment.frame(), segment.fromClient(), newFrom,
                Arrays.copyOfRange(direction.rewritten, newFrom, newTo)));
        }
        return out;
    }

    /** One direction: its original bytes, the rewritten bytes, and where each original byte's output begins. */
    private static final class Direction
    {
        final long base;
        final byte[] original;
        final byte[] rewritten;
        final int[] emittedBefore;

        Direction(final List<Segment> segments, final boolean fromClient, final int size)
        {
            long first = Long.MAX_VALUE;
            long end = 0;
            for (final Segment segment : segments)
            {
                if (segment.fromClient() == fromClient)
                {
                    first = Math.min(first, segment.sequence());
                    end = Math.max(end, segment.sequence() + segment.payload().length);
                }
            }
            base = first == Long.MAX_VALUE ? 0 : first;
            original = new byte[(int)Math.max(0, end - base)];
            for (final Segment segment : segments)
            {
                if (segment.fromClient() == fromClient)
                {
                    System.arraycopy(segment.payload(), 0, original, (int)(segment.sequence() - base),
                        segment.payload().length);
                }
            }
            emittedBefore = new int[original.length + 1];
            final byte[] out = new byte[original.length * 2 + 1024];
            int written = 0;
            int at = 0;
            while (at < original.length)
            {
                final boolean wholeRecord = at + HEADER <= original.length
                    && at + HEADER + recordLength(at) <= original.length;
                if (!wholeRecord || (original[at] & 0xFF) != TlsStreamScanner.CONTENT_HANDSHAKE)
                {
                    final int length = wholeRecord ? HEADER + recordLength(at) : original.length - at;
                    for (int i = 0; i < length; i++)
                    {
                        emittedBefore[at + i] = written;
                        out[written++] = original[at + i];
                    }
                    at += length;
                    continue;
                }
                final int payloadLength = recordLength(at);
                for (int i = 0; i < HEADER; i++)
                {
                    emittedBefore[at + i] = written;
                }
                for (int chunk = 0; chunk < payloadLength; chunk += size)
                {
                    final int take = Math.min(size, payloadLength - chunk);
                    emittedBefore[at + HEADER + chunk] = written;
                    out[written] = original[at];
                    out[written + 1] = original[at + 1];
                    out[written + 2] = original[at + 2];
                    out[written + 3] = (byte)(take >> 8);
                    out[written + 4] = (byte)take;
                    written += HEADER;
                    for (int i = 0; i < take; i++)
                    {
                        if (i > 0)
                        {
                            emittedBefore[at + HEADER + chunk + i] = written;
                        }
                        out[written++] = original[at + HEADER + chunk + i];
                    }
                }
                at += HEADER + payloadLength;
            }
            emittedBefore[original.length] = written;
            rewritten = Arrays.copyOf(out, written);
        }

        private int recordLength(final int at)
        {
            return ((original[at + 3] & 0xFF) << 8) | (original[at + 4] & 0xFF);
        }
    }
}
