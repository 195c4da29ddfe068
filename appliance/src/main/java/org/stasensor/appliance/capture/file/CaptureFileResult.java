package org.stasensor.appliance.capture.file;

import java.nio.file.Path;

/**
 * What reading one capture file came to. Made once per file (never per packet).
 *
 * @param file         the file read.
 * @param format       its format.
 * @param status       {@link ReadStatus#OK}, or where reading stopped early and why.
 * @param problem      for TRUNCATED/CORRUPT, what was found, in words, naming the byte offset; empty for OK.
 * @param damageOffset byte offset of the record or block where reading stopped; -1 for OK.
 * @param packets      packets delivered to the consumer (all of them, whatever their link type).
 * @param bytesRead    bytes consumed: the end of the last complete record (the file size for OK).
 * @param fileSize     the size of the file when it was opened.
 */
public record CaptureFileResult(
    Path file,
    CaptureFormat format,
    ReadStatus status,
    String problem,
    long damageOffset,
    long packets,
    long bytesRead,
    long fileSize)
{
    /**
     * Whether the whole file was read.
     *
     * @return true for {@link ReadStatus#OK}.
     */
    public boolean complete()
    {
        return status == ReadStatus.OK;
    }

    /**
     * One line for people, e.g. {@code x.pcap: truncated at byte 7812: ...; 33 packets before it}.
     *
     * @return the summary, without a trailing newline.
     */
    public String message()
    {
        return switch (status)
        {
            case OK -> file + ": " + packets + " packets, " + bytesRead + " bytes";
            case TRUNCATED -> file + ": truncated at byte " + damageOffset + ": " + problem + "; " + packets
                + " packets read before it";
            case CORRUPT -> file + ": corrupt at byte " + damageOffset + ": " + problem + "; " + packets
                + " packets read before it, the rest of the file (" + (fileSize - bytesRead) + " bytes) skipped";
        };
    }
}
