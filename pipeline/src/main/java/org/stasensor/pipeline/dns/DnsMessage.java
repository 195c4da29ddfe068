package org.stasensor.pipeline.dns;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * One parsed DNS message (RFC 1035 4.1), filled by {@link DnsMessageParser} and reused: the header, the questions
 * and the resource records of the answer, authority and additional sections as views (offsets into the buffer,
 * nothing copied), and the EDNS OPT record (RFC 6891) with its client subnet option (RFC 7871).
 * <p>
 * At most {@link #MAX_QUESTIONS} questions and {@link #MAX_RECORDS} records per section are held; the rest are still
 * walked (so the OPT record and the message's framing are always seen) and counted. Names are held as the offset
 * where they start; {@link DnsNames} expands them on demand into a caller's scratch array.
 */
public final class DnsMessage
{
    /** Questions held by position. */
    public static final int MAX_QUESTIONS = 8;
    /** Records held per section. */
    public static final int MAX_RECORDS = 64;

    /** Section index of the answer records. */
    public static final int ANSWER = 0;
    /** Section index of the authority records. */
    public static final int AUTHORITY = 1;
    /** Section index of the additional records. */
    public static final int ADDITIONAL = 2;
    /** Number of record sections. */
    public static final int SECTIONS = 3;

    /** Fewer than 12 bytes, or the bytes are not all in the buffer: nothing is valid. */
    public static final int MALFORMED_HEADER = 1;
    /** A question does not fit the message: the parse failed. */
    public static final int MALFORMED_QUESTION = 1 << 1;
    /** A record does not fit the message; it and those after it were not parsed. */
    public static final int MALFORMED_RECORD = 1 << 2;
    /** A name frames correctly but cannot be expanded (bad pointer, too long, reserved label). */
    public static final int MALFORMED_NAME = 1 << 3;
    /** Bytes left after the last record. */
    public static final int TRAILING_BYTES = 1 << 4;
    /** An OPT record that breaks RFC 6891 (not in the additional section, owner not root, more than one, options
     *  overrunning), or a client subnet option that breaks RFC 7871 6. */
    public static final int MALFORMED_OPT = 1 << 5;
    /** The RDATA of a decoded type does not have its type's shape (an A record that is not 4 bytes...). */
    public static final int MALFORMED_RDATA = 1 << 6;

    /** EDNS option code of Client Subnet (RFC 7871 6). */
    public static final int EDNS_CLIENT_SUBNET = 8;
    /** OPT flags: DNSSEC OK (RFC 3225 3, RFC 6891 6.1.4). */
    public static final int EDNS_FLAG_DO = 0x8000;

    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    DirectBuffer buffer;
    int offset;
    int length;
    int malformed;
    int id;
    int flags;
    final int[] sectionCounts = new int[SECTIONS];
    int questionCount;
    int questionsParsed;
    final int[] questionNameOffsets = new int[MAX_QUESTIONS];
    final int[] questionTypes = new int[MAX_QUESTIONS];
    final int[] questionClasses = new int[MAX_QUESTIONS];
    final int[] recordsParsed = new int[SECTIONS];
    final int[] recordNameOffsets = new int[SECTIONS * MAX_RECORDS];
    final int[] recordTypes = new int[SECTIONS * MAX_RECORDS];
    final int[] recordClasses = new int[SECTIONS * MAX_RECORDS];
    final int[] recordTtls = new int[SECTIONS * MAX_RECORDS];
    final int[] recordDataOffsets = new int[SECTIONS * MAX_RECORDS];
    final int[] recordDataLengths = new int[SECTIONS * MAX_RECORDS];
    int parsedEnd;
    boolean opt;
    int optUdpPayloadSize;
    int optExtendedRcode;
    int optVersion;
    int optFlags;
    int optDataOffset;
    int optDataLength;
    int optOptionCount;
    boolean clientSubnet;
    int clientSubnetFamily;
    int clientSubnetSourcePrefix;
    int clientSubnetScopePrefix;
    int clientSubnetAddressOffset;
    int clientSubnetAddressLength;
    boolean valid;

    void reset(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        malformed = 0;
        id = 0;
        flags = 0;
        for (int i = 0; i < SECTIONS; i++)
        {
            sectionCounts[i] = 0;
            recordsParsed[i] = 0;
        }
        questionCount = 0;
        questionsParsed = 0;
        parsedEnd = offset;
        opt = false;
        optUdpPayloadSize = 0;
        optExtendedRcode = 0;
        optVersion = 0;
        optFlags = 0;
        optDataOffset = 0;
        optDataLength = 0;
        optOptionCount = 0;
        clientSubnet = false;
        clientSubnetFamily = 0;
        clientSubnetSourcePrefix = 0;
        clientSubnetScopePrefix = 0;
        clientSubnetAddressOffset = 0;
        clientSubnetAddressLength = 0;
        valid = false;
    }

    /**
     * Whether the last parse succeeded: the header and every question frame correctly. Records may still be
     * missing or flawed, see {@link #malformed()}.
     *
     * @return true after a successful parse.
     */
    public boolean isValid()
    {
        return valid;
    }

    /**
     * Bits {@code MALFORMED_*} and {@link #TRAILING_BYTES} of what was wrong; also set after a failed parse.
     *
     * @return the bits; 0 for a clean message.
     */
    public int malformed()
    {
        return malformed;
    }

    /**
     * The buffer the message was parsed from; offsets below index it.
     *
     * @return the buffer.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Where the message starts; compression pointers count from here.
     *
     * @return offset in {@link #buffer()}.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * Length of the message as given.
     *
     * @return bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * End of the message, exclusive.
     *
     * @return offset in {@link #buffer()}.
     */
    public int end()
    {
        return offset + length;
    }

    /**
     * Where parsing stopped: after the last record, or at the first record that did not fit.
     *
     * @return offset in {@link #buffer()}.
     */
    public int parsedEnd()
    {
        return parsedEnd;
    }

    /**
     * The transaction id.
     *
     * @return 0..65535.
     */
    public int id()
    {
        return id;
    }

    /**
     * The header flags word.
     *
     * @return 16 bits, see {@link DnsHeader}.
     */
    public int flags()
    {
        return flags;
    }

    /**
     * Whether a header flag is set.
     *
     * @param flag one of {@code DnsHeader.FLAG_*}.
     * @return true when set.
     */
    public boolean hasFlag(final int flag)
    {
        return (flags & flag) != 0;
    }

    /**
     * Whether this is a response (QR set).
     *
     * @return true for a response.
     */
    public boolean isResponse()
    {
        return (flags & DnsHeader.FLAG_QR) != 0;
    }

    /**
     * The opcode.
     *
     * @return 0..15, see {@link DnsOpcode}.
     */
    public int opcode()
    {
        return DnsHeader.opcode(flags);
    }

    /**
     * The 4-bit RCODE of the header.
     *
     * @return 0..15.
     */
    public int headerRcode()
    {
        return flags & DnsHeader.RCODE_MASK;
    }

    /**
     * The full RCODE: with an OPT record its 8 upper bits above the header's 4 (RFC 6891 6.1.3).
     *
     * @return 0..4095, see {@link DnsResponseCode}.
     */
    public int rcode()
    {
        return opt ? (optExtendedRcode << 4) | headerRcode() : headerRcode();
    }

    /**
     * QDCOUNT as the header says.
     *
     * @return 0..65535.
     */
    public int questionCount()
    {
        return questionCount;
    }

    /**
     * Questions held by position: min(QDCOUNT, {@link #MAX_QUESTIONS}) after a successful parse.
     *
     * @return count.
     */
    public int questionsHeld()
    {
        return Math.min(questionsParsed, MAX_QUESTIONS);
    }

    /**
     * Where a question's QNAME starts.
     *
     * @param index 0 to {@link #questionsHeld()} - 1.
     * @return offset in {@link #buffer()}.
     */
    public int questionNameOffset(final int index)
    {
        return questionNameOffsets[index];
    }

    /**
     * A question's QTYPE.
     *
     * @param index 0 to {@link #questionsHeld()} - 1.
     * @return 0..65535.
     */
    public int questionType(final int index)
    {
        return questionTypes[index];
    }

    /**
     * A question's QCLASS.
     *
     * @param index 0 to {@link #questionsHeld()} - 1.
     * @return 0..65535.
     */
    public int questionClass(final int index)
    {
        return questionClasses[index];
    }

    /**
     * A section's count as the header says (ANCOUNT, NSCOUNT, ARCOUNT).
     *
     * @param section {@link #ANSWER}, {@link #AUTHORITY} or {@link #ADDITIONAL}.
     * @return 0..65535.
     */
    public int sectionCount(final int section)
    {
        return sectionCounts[section];
    }

    /**
     * Records of a section that parsed; fewer than {@link #sectionCount} when a record did not fit.
     *
     * @param section a section index.
     * @return count.
     */
    public int recordsParsed(final int section)
    {
        return recordsParsed[section];
    }

    /**
     * Records of a section held by position.
     *
     * @param section a section index.
     * @return min({@link #recordsParsed}, {@link #MAX_RECORDS}).
     */
    public int recordsHeld(final int section)
    {
        return Math.min(recordsParsed[section], MAX_RECORDS);
    }

    /**
     * Records that parsed but are not held, over all sections.
     *
     * @return count.
     */
    public int recordsNotHeld()
    {
        int dropped = 0;
        for (int i = 0; i < SECTIONS; i++)
        {
            dropped += recordsParsed[i] - recordsHeld(i);
        }
        return dropped;
    }

    /**
     * Where a record's owner name starts.
     *
     * @param section a section index.
     * @param index   0 to {@link #recordsHeld} - 1.
     * @return offset in {@link #buffer()}.
     */
    public int recordNameOffset(final int section, final int index)
    {
        return recordNameOffsets[section * MAX_RECORDS + index];
    }

    /**
     * A record's TYPE.
     *
     * @param section a section index.
     * @param index   0 to {@link #recordsHeld} - 1.
     * @return 0..65535, see {@link DnsRecordType}.
     */
    public int recordType(final int section, final int index)
    {
        return recordTypes[section * MAX_RECORDS + index];
    }

    /**
     * A record's CLASS (for OPT: the UDP payload size).
     *
     * @param section a section index.
     * @param index   0 to {@link #recordsHeld} - 1.
     * @return 0..65535.
     */
    public int recordClass(final int section, final int index)
    {
        return recordClasses[section * MAX_RECORDS + index];
    }

    /**
     * A record's TTL, unsigned (RFC 2181 8 asks readers to treat a set top bit as zero; that is left to them).
     *
     * @param section a section index.
     * @param index   0 to {@link #recordsHeld} - 1.
     * @return 0..2^32-1.
     */
    public long recordTtl(final int section, final int index)
    {
        return recordTtls[section * MAX_RECORDS + index] & 0xFFFF_FFFFL;
    }

    /**
     * Where a record's RDATA starts.
     *
     * @param section a section index.
     * @param index   0 to {@link #recordsHeld} - 1.
     * @return offset in {@link #buffer()}.
     */
    public int recordDataOffset(final int section, final int index)
    {
        return recordDataOffsets[section * MAX_RECORDS + index];
    }

    /**
     * Length of a record's RDATA.
     *
     * @param section a section index.
     * @param index   0 to {@link #recordsHeld} - 1.
     * @return bytes.
     */
    public int recordDataLength(final int section, final int index)
    {
        return recordDataLengths[section * MAX_RECORDS + index];
    }

    /**
     * Whether an OPT record was seen (the first one counts).
     *
     * @return true with EDNS.
     */
    public boolean hasOpt()
    {
        return opt;
    }

    /**
     * The requestor's UDP payload size, the OPT record's CLASS (RFC 6891 6.1.2).
     *
     * @return bytes.
     */
    public int optUdpPayloadSize()
    {
        return optUdpPayloadSize;
    }

    /**
     * The upper 8 bits of the extended RCODE (RFC 6891 6.1.3).
     *
     * @return 0..255.
     */
    public int optExtendedRcode()
    {
        return optExtendedRcode;
    }

    /**
     * The EDNS version.
     *
     * @return 0..255.
     */
    public int optVersion()
    {
        return optVersion;
    }

    /**
     * The 16 EDNS flag bits (DO and Z).
     *
     * @return bits, see {@link #EDNS_FLAG_DO}.
     */
    public int optFlags()
    {
        return optFlags;
    }

    /**
     * Whether the DO bit is set (RFC 3225).
     *
     * @return true when DNSSEC records are wanted.
     */
    public boolean isDnssecOk()
    {
        return (optFlags & EDNS_FLAG_DO) != 0;
    }

    /**
     * Where the OPT record's options start.
     *
     * @return offset in {@link #buffer()}.
     */
    public int optDataOffset()
    {
        return optDataOffset;
    }

    /**
     * Length of the OPT record's options.
     *
     * @return bytes.
     */
    public int optDataLength()
    {
        return optDataLength;
    }

    /**
     * Options in the OPT record that frame correctly.
     *
     * @return count.
     */
    public int optOptionCount()
    {
        return optOptionCount;
    }

    /**
     * Whether a valid Client Subnet option is present (RFC 7871 6).
     *
     * @return true when present and well formed.
     */
    public boolean hasClientSubnet()
    {
        return clientSubnet;
    }

    /**
     * The client subnet's address family (1 IPv4, 2 IPv6).
     *
     * @return the family.
     */
    public int clientSubnetFamily()
    {
        return clientSubnetFamily;
    }

    /**
     * SOURCE PREFIX-LENGTH.
     *
     * @return bits.
     */
    public int clientSubnetSourcePrefix()
    {
        return clientSubnetSourcePrefix;
    }

    /**
     * SCOPE PREFIX-LENGTH (0 in queries).
     *
     * @return bits.
     */
    public int clientSubnetScopePrefix()
    {
        return clientSubnetScopePrefix;
    }

    /**
     * Where the client subnet's address bytes start (only ceil(source prefix / 8) bytes are on the wire).
     *
     * @return offset in {@link #buffer()}.
     */
    public int clientSubnetAddressOffset()
    {
        return clientSubnetAddressOffset;
    }

    /**
     * How many address bytes are on the wire.
     *
     * @return 0..16.
     */
    public int clientSubnetAddressLength()
    {
        return clientSubnetAddressLength;
    }

    /**
     * Reads a big-endian 16-bit value inside the message, for RDATA decoding.
     *
     * @param at offset in {@link #buffer()}.
     * @return 0..65535.
     */
    int uint16(final int at)
    {
        return buffer.getShort(at, NET) & 0xFFFF;
    }
}
