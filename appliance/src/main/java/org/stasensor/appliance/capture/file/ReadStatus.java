package org.stasensor.appliance.capture.file;

/**
 * How far a capture file could be read.
 */
public enum ReadStatus
{
    /** Every record was read; the file ends exactly after the last one. */
    OK,
    /**
     * The file ends inside a record (typically a capture still being written, or a copy cut short): every complete
     * record before the cut was delivered.
     */
    TRUNCATED,
    /**
     * A record's framing is impossible (a length that is absurd, not a multiple of 4, larger than its block, an
     * unknown interface, a mismatched trailer): every record before it was delivered, nothing after it, because
     * nothing after it can be trusted to start where the file says.
     */
    CORRUPT
}
