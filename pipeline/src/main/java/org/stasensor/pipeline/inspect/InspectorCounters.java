package org.stasensor.pipeline.inspect;

import org.stasensor.pipeline.decode.DecodeResult;
import org.stasensor.pipeline.record.Dataset;

/**
 * What one worker's inspector has seen and dropped. Written only by the worker thread; other threads (metrics,
 * the summary line) read the values with plain reads, which may lag a little but never tear on 64-bit JVMs.
 */
public final class InspectorCounters
{
    long packets;
    long bytes;
    long tcpPackets;
    long udpPackets;
    long flowsCreated;
    long flowsEnded;
    long records;
    long recordsDropped;
    long handshakeGaps;
    long handshakeBufferFull;
    long parserErrors;
    RuntimeException lastParserError;
    final long[] decodeResults = new long[DecodeResult.values().length];
    private final long[] recordsByDataset = new long[Dataset.values().length];
    private final long[] droppedByDataset = new long[Dataset.values().length];

    /**
     * @return packets offered.
     */
    public long packets()
    {
        return packets;
    }

    /**
     * @return bytes offered (captured length).
     */
    public long bytes()
    {
        return bytes;
    }

    /**
     * @return TCP packets.
     */
    public long tcpPackets()
    {
        return tcpPackets;
    }

    /**
     * @return UDP packets.
     */
    public long udpPackets()
    {
        return udpPackets;
    }

    /**
     * @return flows created.
     */
    public long flowsCreated()
    {
        return flowsCreated;
    }

    /**
     * @return flows ended (any reason).
     */
    public long flowsEnded()
    {
        return flowsEnded;
    }

    /**
     * @return records written.
     */
    public long records()
    {
        return records;
    }

    /**
     * @return records lost because the sink had no free slot.
     */
    public long recordsDropped()
    {
        return recordsDropped;
    }

    /**
     * @return handshake directions given up because bytes were missing.
     */
    public long handshakeGaps()
    {
        return handshakeGaps;
    }

    /**
     * @return handshake directions that ran past the handshake buffer.
     */
    public long handshakeBufferFull()
    {
        return handshakeBufferFull;
    }

    /**
     * @return unexpected exceptions caught around a parser (each is a bug to report; the packet is skipped).
     */
    public long parserErrors()
    {
        return parserErrors;
    }

    /**
     * @return the last exception a parser threw (kept for the log and bug reports), or null.
     */
    public RuntimeException lastParserError()
    {
        return lastParserError;
    }

    /**
     * @param result a decode outcome.
     * @return packets with that outcome.
     */
    public long decodeResult(final DecodeResult result)
    {
        return decodeResults[result.ordinal()];
    }

    /**
     * @return packets whose headers lied about their lengths or were cut short.
     */
    public long malformed()
    {
        return decodeResults[DecodeResult.MALFORMED.ordinal()];
    }

    void recordWritten(final Dataset dataset)
    {
        records++;
        recordsByDataset[dataset.ordinal()]++;
    }

    void recordDropped(final Dataset dataset)
    {
        recordsDropped++;
        droppedByDataset[dataset.ordinal()]++;
    }

    /**
     * @param dataset a record type.
     * @return records of that type written.
     */
    public long records(final Dataset dataset)
    {
        return recordsByDataset[dataset.ordinal()];
    }

    /**
     * @param dataset a record type.
     * @return records of that type dropped because no slot was free.
     */
    public long recordsDropped(final Dataset dataset)
    {
        return droppedByDataset[dataset.ordinal()];
    }
}
