package org.stasensor.pipeline.dns;

/**
 * OpCode values and names from the IANA "DNS OpCodes" registry (RFC 6895 2.2). An unassigned code is written
 * {@code OPCODE<n>}.
 */
public final class DnsOpcode
{
    /** Standard query (RFC 1035). */
    public static final int QUERY = 0;
    /** Inverse query, obsolete (RFC 3425). */
    public static final int IQUERY = 1;
    /** Server status request (RFC 1035). */
    public static final int STATUS = 2;
    /** Zone change notification (RFC 1996). */
    public static final int NOTIFY = 4;
    /** Dynamic update (RFC 2136). */
    public static final int UPDATE = 5;
    /** DNS Stateful Operations (RFC 8490). */
    public static final int DSO = 6;

    private static final String[] NAMES = {"QUERY", "IQUERY", "STATUS", null, "NOTIFY", "UPDATE", "DSO"};

    private DnsOpcode()
    {
    }

    /**
     * Whether a code is assigned.
     *
     * @param opcode 0..15.
     * @return true for QUERY, IQUERY, STATUS, NOTIFY, UPDATE and DSO.
     */
    public static boolean isAssigned(final int opcode)
    {
        return name(opcode) != null;
    }

    /**
     * The registry name of a code.
     *
     * @param opcode 0..15.
     * @return the name, or null when unassigned.
     */
    public static String name(final int opcode)
    {
        return opcode >= 0 && opcode < NAMES.length ? NAMES[opcode] : null;
    }

    /**
     * Appends the name, or {@code OPCODE<n>}.
     *
     * @param opcode      0..15.
     * @param destination receives at most 8 bytes.
     * @param at          where to write.
     * @return offset after the text.
     */
    public static int append(final int opcode, final byte[] destination, final int at)
    {
        final String name = name(opcode);
        if (name != null)
        {
            return DnsText.ascii(name, destination, at);
        }
        return DnsText.decimal(opcode, destination, DnsText.ascii("OPCODE", destination, at));
    }
}
