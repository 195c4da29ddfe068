package org.stasensor.pipeline.dns;

/**
 * CLASS values and mnemonics from the IANA "DNS CLASSes" registry (RFC 6895 3.2). A class without a mnemonic is
 * written {@code CLASS<n>} (RFC 3597 5); multicast DNS sets the top bit (RFC 6762 10.2, 5.4), which is kept as is.
 */
public final class DnsClass
{
    /** Internet. */
    public static final int IN = 1;
    /** Chaos. */
    public static final int CH = 3;
    /** Hesiod. */
    public static final int HS = 4;
    /** QCLASS NONE (RFC 2136). */
    public static final int NONE = 254;
    /** QCLASS ANY. */
    public static final int ANY = 255;

    private DnsClass()
    {
    }

    /**
     * The mnemonic of a class.
     *
     * @param dnsClass 0..65535.
     * @return the mnemonic, or null.
     */
    public static String name(final int dnsClass)
    {
        return switch (dnsClass)
        {
            case IN -> "IN";
            case CH -> "CH";
            case HS -> "HS";
            case NONE -> "NONE";
            case ANY -> "ANY";
            default -> null;
        };
    }

    /**
     * Appends the mnemonic, or {@code CLASS<n>}.
     *
     * @param dnsClass    0..65535.
     * @param destination receives at most 10 bytes.
     * @param at          where to write.
     * @return offset after the text.
     */
    public static int append(final int dnsClass, final byte[] destination, final int at)
    {
        final String name = name(dnsClass);
        if (name != null)
        {
            return DnsText.ascii(name, destination, at);
        }
        return DnsText.decimal(dnsClass, destination, DnsText.ascii("CLASS", destination, at));
    }
}
