package org.stasensor.pipeline.dns;

/**
 * Resource record TYPE values and their mnemonics, from the IANA "Resource Record (RR) TYPEs" registry
 * (RFC 6895 3.1). A type without a mnemonic is written {@code TYPE<n>} (RFC 3597 5).
 */
public final class DnsRecordType
{
    /** Host address (RFC 1035). */
    public static final int A = 1;
    /** Authoritative name server (RFC 1035). */
    public static final int NS = 2;
    /** Canonical name (RFC 1035). */
    public static final int CNAME = 5;
    /** Start of authority (RFC 1035). */
    public static final int SOA = 6;
    /** Domain name pointer (RFC 1035). */
    public static final int PTR = 12;
    /** Mail exchange (RFC 1035). */
    public static final int MX = 15;
    /** Text strings (RFC 1035). */
    public static final int TXT = 16;
    /** IPv6 address (RFC 3596). */
    public static final int AAAA = 28;
    /** Service location (RFC 2782). */
    public static final int SRV = 33;
    /** Delegation name (RFC 6672). */
    public static final int DNAME = 39;
    /** EDNS OPT pseudo-record (RFC 6891). */
    public static final int OPT = 41;
    /** General service binding (RFC 9460). */
    public static final int SVCB = 64;
    /** HTTPS service binding (RFC 9460). */
    public static final int HTTPS = 65;
    /** SPF, text like TXT (RFC 7208). */
    public static final int SPF = 99;

    private static final String[] LOW = new String[270];

    static
    {
        final String[] names = {
            "A", "NS", "MD", "MF", "CNAME", "SOA", "MB", "MG", "MR", "NULL", "WKS", "PTR", "HINFO", "MINFO", "MX",
            "TXT", "RP", "AFSDB", "X25", "ISDN", "RT", "NSAP", "NSAP-PTR", "SIG", "KEY", "PX", "GPOS", "AAAA", "LOC",
            "NXT", "EID", "NIMLOC", "SRV", "ATMA", "NAPTR", "KX", "CERT", "A6", "DNAME", "SINK", "OPT", "APL", "DS",
            "SSHFP", "IPSECKEY", "RRSIG", "NSEC", "DNSKEY", "DHCID", "NSEC3", "NSEC3PARAM", "TLSA", "SMIMEA", null,
            "HIP", "NINFO", "RKEY", "TALINK", "CDS", "CDNSKEY", "OPENPGPKEY", "CSYNC", "ZONEMD", "SVCB", "HTTPS",
            "DSYNC"};
        System.arraycopy(names, 0, LOW, 1, names.length);
        final String[] ninetyNine = {"SPF", "UINFO", "UID", "GID", "UNSPEC", "NID", "L32", "L64", "LP", "EUI48",
            "EUI64"};
        System.arraycopy(ninetyNine, 0, LOW, 99, ninetyNine.length);
        final String[] meta = {"TKEY", "TSIG", "IXFR", "AXFR", "MAILB", "MAILA", "ANY", "URI", "CAA", "AVC", "DOA",
            "AMTRELAY", "RESINFO", "WALLET", "CLA", "IPN"};
        System.arraycopy(meta, 0, LOW, 249, meta.length);
    }

    private DnsRecordType()
    {
    }

    /**
     * The mnemonic of a type; 255 is written "ANY" as dig and ECS examples do (the registry says "*").
     *
     * @param type 0..65535.
     * @return the mnemonic, or null when the type has none.
     */
    public static String name(final int type)
    {
        if (type >= 0 && type < LOW.length)
        {
            return LOW[type];
        }
        return switch (type)
        {
            case 32768 -> "TA";
            case 32769 -> "DLV";
            default -> null;
        };
    }

    /**
     * Appends the mnemonic, or {@code TYPE<n>} for a type without one.
     *
     * @param type        0..65535.
     * @param destination receives at most 10 bytes.
     * @param at          where to write.
     * @return offset after the text.
     */
    public static int append(final int type, final byte[] destination, final int at)
    {
        final String name = name(type);
        if (name != null)
        {
            return DnsText.ascii(name, destination, at);
        }
        return DnsText.decimal(type, destination, DnsText.ascii("TYPE", destination, at));
    }
}
