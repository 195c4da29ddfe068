package org.stasensor.pipeline.tcp;

/**
 * Layout of the reassembly state of one direction of a TCP flow (native order), inside a handshake session.
 * <pre>
 *   0  int flags (below)
 *   4  int initial sequence number: the stream byte at buffer offset 0 (the one after the SYN, or the first seen)
 *   8  int contiguous bytes from offset 0: what parsers may read
 *  12  int out-of-order ranges held
 *  16  int acknowledgements from the peer past the contiguous end without progress (loss detector)
 *  20  int reserved
 *  24  up to {@link #MAX_RANGES} ranges of (start int, end int) relative to the initial sequence number
 * </pre>
 */
public final class StreamState
{
    /** Bytes per direction. */
    public static final int LENGTH = 96;
    /** Out-of-order ranges held before the direction is given up as having a gap. */
    public static final int MAX_RANGES = 8;

    /** The initial sequence number is set. */
    public static final int FLAG_STARTED = 1;
    /** No SYN was seen: the stream was picked up in the middle. */
    public static final int FLAG_MIDSTREAM = 2;
    /** Bytes are missing that will never come (lost in capture, or too many holes): stop parsing. */
    public static final int FLAG_GAP = 4;
    /** The stream ran past the buffer; only its first bytes are held. */
    public static final int FLAG_BUFFER_FULL = 8;
    /** A FIN was seen. */
    public static final int FLAG_FIN = 16;
    /** Segments overlapped with different bytes (a possible evasion attempt). */
    public static final int FLAG_INCONSISTENT_OVERLAP = 32;

    static final int FLAGS = 0;
    static final int INITIAL_SEQUENCE = 4;
    static final int CONTIGUOUS = 8;
    static final int RANGE_COUNT = 12;
    static final int STALLED_ACKS = 16;
    static final int RANGES = 24;

    private StreamState()
    {
    }
}
