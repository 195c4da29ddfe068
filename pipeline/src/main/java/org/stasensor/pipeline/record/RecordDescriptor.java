package org.stasensor.pipeline.record;

/**
 * Binary layout of a record, the form written by a worker into its ring slot and stored in the journal.
 * All numbers are little-endian.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     total length (bytes)                      |  0
 *  +---------------+---------------+-------------------------------+
 *  |    dataset    |layout version |         record flags          |  4
 *  +---------------+---------------+-------------------------------+
 *  |                  timestamp, ns since epoch (64)               |  8
 *  +---------------------------------------------------------------+
 *  |                        flow uid (64)                          | 16
 *  +---------------+---------------+-------------------------------+
 *  |  ip version   |   transport   |         source port           | 24
 *  +---------------+---------------+-------------------------------+
 *  |       destination port        |           reserved            | 28
 *  +-------------------------------+-------------------------------+
 *  |               source address (16, IPv4 in first 4)            | 32
 *  +---------------------------------------------------------------+
 *  |             destination address (16, IPv4 in first 4)         | 48
 *  +---------------------------------------------------------------+
 *  |   enrichment area (64): filled in place by the enrichment     | 64
 *  |   stage; zero means "not looked up"                           |
 *  +---------------------------------------------------------------+
 *  |  field id (16)  |  value length (16)  |  value ...            | 128
 *  |  ... repeated until total length                              |
 *  +---------------------------------------------------------------+
 * </pre>
 * Source is the flow's initiator (the side that sent the first SYN, or the first packet seen).
 */
public final class RecordDescriptor
{
    /** Version of this layout, stored in every record. */
    public static final int LAYOUT_VERSION = 1;

    /** Offset of the int32 total length. */
    public static final int LENGTH_OFFSET = 0;
    /** Offset of the dataset code byte. */
    public static final int DATASET_OFFSET = 4;
    /** Offset of the layout version byte. */
    public static final int VERSION_OFFSET = 5;
    /** Offset of the uint16 record flags. */
    public static final int FLAGS_OFFSET = 6;
    /** Offset of the int64 timestamp. */
    public static final int TIMESTAMP_OFFSET = 8;
    /** Offset of the int64 flow uid that joins records of one connection. */
    public static final int FLOW_UID_OFFSET = 16;
    /** Offset of the IP version byte (4 or 6, 0 when the record has no addresses). */
    public static final int IP_VERSION_OFFSET = 24;
    /** Offset of the IP protocol number byte (6 TCP, 17 UDP). */
    public static final int TRANSPORT_OFFSET = 25;
    /** Offset of the uint16 source port. */
    public static final int SOURCE_PORT_OFFSET = 26;
    /** Offset of the uint16 destination port. */
    public static final int DESTINATION_PORT_OFFSET = 28;
    /** Offset of the 16-byte source address. */
    public static final int SOURCE_ADDRESS_OFFSET = 32;
    /** Offset of the 16-byte destination address. */
    public static final int DESTINATION_ADDRESS_OFFSET = 48;
    /** Offset of the enrichment area. */
    public static final int ENRICHMENT_OFFSET = 64;
    /** Length of the enrichment area. */
    public static final int ENRICHMENT_LENGTH = 64;
    /** Offset of the first variable field. */
    public static final int HEADER_LENGTH = 128;
    /** Bytes in front of each field value: uint16 id, uint16 length. */
    public static final int FIELD_HEADER_LENGTH = 4;
    /** Largest record; also the ring slot size. A field that would not fit is dropped and flagged. */
    public static final int MAX_RECORD_LENGTH = 16 * 1024;
    /** Largest single field value. */
    public static final int MAX_FIELD_LENGTH = 0xFFFF;

    /** Record flag: at least one field did not fit and was left out. */
    public static final int FLAG_TRUNCATED = 1;

    private RecordDescriptor()
    {
    }
}
