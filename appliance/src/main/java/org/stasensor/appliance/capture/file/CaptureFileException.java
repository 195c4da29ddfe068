package org.stasensor.appliance.capture.file;

import java.nio.file.Path;

/**
 * A capture file that cannot be read at all: it cannot be opened, is empty, or is not pcap/pcapng. The message is
 * one line naming the path and the problem, made to be printed as {@code sta: <message>}; no stack trace is recorded,
 * because the cause is the input, not the program.
 * <p>
 * A file that starts as a capture file but is damaged later is not an exception: see {@link CaptureFileResult}.
 */
public final class CaptureFileException extends Exception
{
    private static final long serialVersionUID = 1L;

    /**
     * Why the file could not be read.
     */
    public enum Reason
    {
        /** Missing, a directory or other non-regular file, no permission, or an I/O error while opening/mapping. */
        CANNOT_OPEN,
        /** Zero bytes. */
        EMPTY,
        /** The first bytes are not a pcap or pcapng magic number (or too few bytes to tell). */
        UNKNOWN_FORMAT,
        /** A pcap or pcapng magic number, but a version or variant this reader does not read. */
        UNSUPPORTED_VERSION
    }

    private final transient Path file;
    private final Reason reason;

    /**
     * An exception for a file.
     *
     * @param file    the file.
     * @param reason  why it cannot be read.
     * @param problem what is wrong, in words, without the path (the path is prepended).
     */
    public CaptureFileException(final Path file, final Reason reason, final String problem)
    {
        super(file + ": " + problem, null, false, false);
        this.file = file;
        this.reason = reason;
    }

    /**
     * The file that could not be read.
     *
     * @return the path as given.
     */
    public Path file()
    {
        return file;
    }

    /**
     * Why it could not be read.
     *
     * @return the reason.
     */
    public Reason reason()
    {
        return reason;
    }
}
