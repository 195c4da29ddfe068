package org.stasensor.pipeline.dns;

/**
 * RCODE values and names from the IANA "DNS RCODEs" registry (RFC 6895 2.3). The header holds the low 4 bits; with
 * EDNS the OPT record adds the upper 8 (RFC 6891 6.1.3), so codes above 15 appear only in messages with OPT. Code 16
 * is BADVERS for OPT (BADSIG is the same number in a TSIG record). A code without a name is written {@code RCODE<n>}.
 */
public final class DnsResponseCode
{
    /** No error. */
    public static final int NOERROR = 0;
    /** Format error. */
    public static final int FORMERR = 1;
    /** Server failure. */
    public static final int SERVFAIL = 2;
    /** Non-existent domain. */
    public static final int NXDOMAIN = 3;
    /** Bad OPT version (RFC 6891). */
    public static final int BADVERS = 16;

    private static final String[] NAMES = {
        "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET",
        "NOTAUTH", "NOTZONE", "DSOTYPENI", null, null, null, null, "BADVERS", "BADKEY", "BADTIME", "BADMODE",
        "BADNAME", "BADALG", "BADTRUNC", "BADCOOKIE"};

    private DnsResponseCode()
    {
    }

    /**
     * The registry name of a code.
     *
     * @param rcode 0..4095.
     * @return the name, or null when unassigned.
     */
    public static String name(final int rcode)
    {
        return rcode >= 0 && rcode < NAMES.length ? NAMES[rcode] : null;
    }

    /**
     * Appends the name, or {@code RCODE<n>}.
     *
     * @param rcode       0..4095.
     * @param destination receives at most 10 bytes.
     * @param at          where to write.
     * @return offset after the text.
     */
    public static int append(final int rcode, final byte[] destination, final int at)
    {
        final String name = name(rcode);
        if (name != null)
        {
            return DnsText.ascii(name, destination, at);
        }
        return DnsText.decimal(rcode, destination, DnsText.ascii("RCODE", destination, at));
    }
}
