package org.stasensor.rules.signature;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;

/**
 * The buffers of one record, found in one pass over its fields and kept as (offset, length) pairs into the record;
 * the buffers Suricata shows in another form than the record (certificate DNs, serial, fingerprint) are rebuilt on
 * first use into scratch memory owned by this view. Reused for every record: allocates nothing.
 */
final class RecordView
{
    /** Client side (initiator) value of a two-sided buffer. */
    static final int CLIENT = 0;
    /** Server side value. */
    static final int SERVER = 1;

    private static final int BUFFERS = Buffer.values().length;
    private static final int SCRATCH = 8 * 1024;

    private final int[] offsets = new int[BUFFERS * Buffer.MAX_VALUES];
    private final int[] lengths = new int[BUFFERS * Buffer.MAX_VALUES];
    private final int[] sides = new int[BUFFERS * Buffer.MAX_VALUES];
    private final int[] counts = new int[BUFFERS];
    private final boolean[] derivedDone = new boolean[BUFFERS];
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[SCRATCH]);
    private int scratchUsed;

    private RecordReader record;
    private DirectBuffer recordBuffer;
    private Dataset dataset;
    private int tlsVersionOffset;
    private int tlsVersionLength;
    private int protocolOffset;
    private int protocolLength;
    private int dnsTypeOffset;
    private int dnsTypeLength;
    private int serialOffset;
    private int serialLength;
    private int sha256Offset;
    private int sha256Length;
    private int tlsEstablished;
    private boolean serverSoftwareSeen;
    private long destinationPackets;

    /**
     * Reads the fields of a record.
     *
     * @param reader the record.
     */
    void wrap(final RecordReader reader)
    {
        record = reader;
        recordBuffer = reader.buffer();
        dataset = reader.dataset();
        java.util.Arrays.fill(counts, 0);
        java.util.Arrays.fill(derivedDone, false);
        scratchUsed = 0;
        tlsVersionLength = -1;
        protocolLength = -1;
        dnsTypeLength = -1;
        serialLength = -1;
        sha256Length = -1;
        tlsEstablished = -1;
        serverSoftwareSeen = false;
        destinationPackets = -1;
        reader.rewind();
        while (reader.nextField())
        {
            onField(reader);
        }
        reader.rewind();
    }

    private void onField(final RecordReader reader)
    {
        final int offset = reader.valueOffset();
        final int length = reader.valueLength();
        switch (reader.fieldId())
        {
            case 1 -> { protocolOffset = offset; protocolLength = length; }
            case 100 -> { tlsVersionOffset = offset; tlsVersionLength = length; }
            case 103 -> add(Buffer.JA3_HASH, offset, length, CLIENT);
            case 104 -> add(Buffer.JA3_STRING, offset, length, CLIENT);
            case 105 -> add(Buffer.JA4_HASH, offset, length, CLIENT);
            case 106 -> add(Buffer.JA3S_HASH, offset, length, SERVER);
            case 107 -> add(Buffer.JA3S_STRING, offset, length, SERVER);
            case 108 -> add(Buffer.TLS_SNI, offset, length, CLIENT);
            case 113 -> tlsEstablished = length == 1 ? recordBuffer.getByte(offset) : -1;
            case 119 -> { sha256Offset = offset; sha256Length = length; }
            case 206 -> { serialOffset = offset; serialLength = length; }
            case 303 -> destinationPackets = reader.valueAsLong();
            case 400 -> add(Buffer.SSH_SOFTWARE, offset, length, CLIENT);
            case 401 -> add(Buffer.SSH_PROTO, offset, length, CLIENT);
            case 403 ->
            {
                serverSoftwareSeen = true;
                add(Buffer.SSH_SOFTWARE, offset, length, SERVER);
            }
            case 404 -> add(Buffer.SSH_PROTO, offset, length, SERVER);
            case 410 -> add(Buffer.SSH_HASSH, offset, length, CLIENT);
            case 411 -> add(Buffer.SSH_HASSH_STRING, offset, length, CLIENT);
            case 412 -> add(Buffer.SSH_HASSH_SERVER, offset, length, SERVER);
            case 413 -> add(Buffer.SSH_HASSH_SERVER_STRING, offset, length, SERVER);
            case 501 -> { dnsTypeOffset = offset; dnsTypeLength = length; }
            case 505 -> add(Buffer.DNS_QUERY, offset, length, CLIENT);
            default ->
            {
            }
        }
    }

    private void add(final Buffer buffer, final int offset, final int length, final int side)
    {
        final int b = buffer.ordinal();
        final int count = counts[b];
        if (count < Buffer.MAX_VALUES)
        {
            final int slot = b * Buffer.MAX_VALUES + count;
            offsets[slot] = offset;
            lengths[slot] = length;
            sides[slot] = side;
            counts[b] = count + 1;
        }
    }

    /**
     * The record's dataset.
     *
     * @return the dataset, or null for an unknown code.
     */
    Dataset dataset()
    {
        return dataset;
    }

    /**
     * The record.
     *
     * @return the reader given to {@link #wrap(RecordReader)}.
     */
    RecordReader record()
    {
        return record;
    }

    /**
     * How many values the record has for a buffer; rebuilds derived buffers on first use.
     *
     * @param buffer the buffer.
     * @return 0 when absent.
     */
    int count(final Buffer buffer)
    {
        final int b = buffer.ordinal();
        if (!derivedDone[b])
        {
            derivedDone[b] = true;
            derive(buffer);
        }
        return counts[b];
    }

    /**
     * Memory holding value k of a buffer (the record's, or scratch for a derived buffer).
     *
     * @param buffer the buffer.
     * @param k      0..count-1.
     * @return the memory.
     */
    DirectBuffer memory(final Buffer buffer, final int k)
    {
        return isDerived(buffer) ? scratch : recordBuffer;
    }

    int offset(final Buffer buffer, final int k)
    {
        return offsets[buffer.ordinal() * Buffer.MAX_VALUES + k];
    }

    int length(final Buffer buffer, final int k)
    {
        return lengths[buffer.ordinal() * Buffer.MAX_VALUES + k];
    }

    int side(final Buffer buffer, final int k)
    {
        return sides[buffer.ordinal() * Buffer.MAX_VALUES + k];
    }

    /**
     * Whether this record is a DNS query message (not an answer).
     *
     * @return true for queries.
     */
    boolean isDnsQuery()
    {
        return dnsTypeLength == 5 && recordBuffer.getByte(dnsTypeOffset) == 'q';
    }

    /**
     * Whether the negotiated TLS version equals a version text such as "1.2".
     *
     * @param version the text, ASCII.
     * @return true when equal.
     */
    boolean tlsVersionIs(final byte[] version)
    {
        return equalsAscii(tlsVersionOffset, tlsVersionLength, version);
    }

    /**
     * Whether network.protocol (or, without it, the dataset id) equals a protocol name.
     *
     * @param protocol e.g. "dns".
     * @return true when equal; false when neither is known.
     */
    boolean protocolIs(final byte[] protocol)
    {
        if (protocolLength >= 0)
        {
            return equalsAscii(protocolOffset, protocolLength, protocol);
        }
        return false;
    }

    /**
     * Whether the record names an application protocol at all.
     *
     * @return true when network.protocol is present.
     */
    boolean hasProtocol()
    {
        return protocolLength >= 0;
    }

    /**
     * Suricata's {@code flow:established} in record terms (docs/signatures.md).
     *
     * @return true when both sides were seen.
     */
    boolean established()
    {
        if (dataset == null)
        {
            return false;
        }
        return switch (dataset)
        {
            case TLS -> tlsEstablished == 1;
            case SSH -> serverSoftwareSeen;
            case DNS -> !isDnsQuery();
            case FLOW -> destinationPackets > 0;
            default -> false;
        };
    }

    private boolean equalsAscii(final int offset, final int length, final byte[] text)
    {
        if (length != text.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (recordBuffer.getByte(offset + i) != text[i])
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isDerived(final Buffer buffer)
    {
        return buffer == Buffer.TLS_CERT_SUBJECT || buffer == Buffer.TLS_CERT_ISSUER ||
            buffer == Buffer.TLS_CERT_SERIAL || buffer == Buffer.TLS_CERT_FINGERPRINT;
    }

    private void derive(final Buffer buffer)
    {
        switch (buffer)
        {
            case TLS_CERT_SUBJECT -> distinguishedName(buffer, Fields.X509_SUBJECT_COUNTRY.id(),
                Fields.X509_SUBJECT_ORGANIZATION.id(), Fields.X509_SUBJECT_CN.id());
            case TLS_CERT_ISSUER -> distinguishedName(buffer, Fields.X509_ISSUER_COUNTRY.id(),
                Fields.X509_ISSUER_ORGANIZATION.id(), Fields.X509_ISSUER_CN.id());
            case TLS_CERT_SERIAL -> colonHex(buffer, serialOffset, serialLength, true);
            case TLS_CERT_FINGERPRINT -> colonHex(buffer, sha256Offset, sha256Length, false);
            default ->
            {
            }
        }
    }

    /** Suricata prints a DN in certificate order, "C=US, O=Example, CN=host"; we have C, O and CN only. */
    private void distinguishedName(final Buffer buffer, final int country, final int organization, final int cn)
    {
        final int start = scratchUsed;
        int at = start;
        at = appendAttributes(at, start, country, 'C');
        at = appendAttributes(at, start, organization, 'O');
        at = appendAttributes(at, start, cn, 'N');
        if (at > start)
        {
            addDerived(buffer, start, at - start);
        }
    }

    private int appendAttributes(final int from, final int start, final int fieldId, final char attribute)
    {
        int at = from;
        record.rewind();
        while (record.nextField())
        {
            if (record.fieldId() != fieldId)
            {
                continue;
            }
            final int length = record.valueLength();
            if (at + length + 6 > SCRATCH)
            {
                break;
            }
            if (at > start)
            {
                scratch.putByte(at++, (byte)',');
                scratch.putByte(at++, (byte)' ');
            }
            if (attribute == 'N')
            {
                scratch.putByte(at++, (byte)'C');
            }
            scratch.putByte(at++, (byte)(attribute == 'N' ? 'N' : attribute));
            scratch.putByte(at++, (byte)'=');
            scratch.putBytes(at, recordBuffer, record.valueOffset(), length);
            at += length;
        }
        record.rewind();
        return at;
    }

    /** Suricata shows serials as "0A:1B" (upper case) and fingerprints as "0a:1b" (lower case). */
    private void colonHex(final Buffer buffer, final int offset, final int length, final boolean upper)
    {
        if (length <= 0)
        {
            return;
        }
        final int start = scratchUsed;
        int at = start;
        final int digits = length;
        // An odd count of hex digits has a leading zero nibble dropped: put it back so that bytes pair up.
        int i = 0;
        if ((digits & 1) == 1)
        {
            scratch.putByte(at++, (byte)'0');
            scratch.putByte(at++, hexCase(recordBuffer.getByte(offset), upper));
            i = 1;
            if (i < digits)
            {
                scratch.putByte(at++, (byte)':');
            }
        }
        for (; i < digits && at + 3 <= SCRATCH; i += 2)
        {
            scratch.putByte(at++, hexCase(recordBuffer.getByte(offset + i), upper));
            scratch.putByte(at++, hexCase(i + 1 < digits ? recordBuffer.getByte(offset + i + 1) : (byte)'0', upper));
            if (i + 2 < digits)
            {
                scratch.putByte(at++, (byte)':');
            }
        }
        addDerived(buffer, start, at - start);
    }

    private static byte hexCase(final byte digit, final boolean upper)
    {
        if (upper && digit >= 'a' && digit <= 'f')
        {
            return (byte)(digit - 32);
        }
        if (!upper && digit >= 'A' && digit <= 'F')
        {
            return (byte)(digit + 32);
        }
        return digit;
    }

    private void addDerived(final Buffer buffer, final int start, final int length)
    {
        scratchUsed = start + length;
        add(buffer, start, length, SERVER);
    }
}
