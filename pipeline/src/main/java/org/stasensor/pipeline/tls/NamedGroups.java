package org.stasensor.pipeline.tls;

/**
 * IANA names of TLS named groups (RFC 8446 4.2.7, RFC 8422 5.1.1, RFC 7919), the registry "TLS Supported Groups" of
 * the Transport Layer Security (TLS) Parameters (tls-parameters-8, as of its 2025 revision: {@value #REGISTERED}
 * names, the post-quantum hybrids included), e.g. {@code x25519} (29), {@code secp256r1} (23),
 * {@code X25519MLKEM768} (0x11EC). Zeek's ssl.log {@code curve} column uses the same names. Reserved, unassigned
 * and GREASE code points have no name; the registry's "(OBSOLETE)" remark is left out of the names. Lookups return
 * constants and allocate nothing.
 */
public final class NamedGroups
{
    /** Number of named code points in the table. */
    public static final int REGISTERED = 56;

    /** secp256r1 (RFC 8422). */
    public static final int SECP256R1 = 23;
    /** secp384r1 (RFC 8422). */
    public static final int SECP384R1 = 24;
    /** secp521r1 (RFC 8422). */
    public static final int SECP521R1 = 25;
    /** x25519 (RFC 8422, RFC 7748). */
    public static final int X25519 = 29;
    /** x448 (RFC 8422, RFC 7748). */
    public static final int X448 = 30;
    /** X25519MLKEM768 (draft-kwiatkowski-tls-ecdhe-mlkem). */
    public static final int X25519_MLKEM768 = 0x11EC;

    private static final CodeNameTable TABLE = new CodeNameTable();

    static
    {
        TABLE.put(0x0001, "sect163k1");
        TABLE.put(0x0002, "sect163r1");
        TABLE.put(0x0003, "sect163r2");
        TABLE.put(0x0004, "sect193r1");
        TABLE.put(0x0005, "sect193r2");
        TABLE.put(0x0006, "sect233k1");
        TABLE.put(0x0007, "sect233r1");
        TABLE.put(0x0008, "sect239k1");
        TABLE.put(0x0009, "sect283k1");
        TABLE.put(0x000A, "sect283r1");
        TABLE.put(0x000B, "sect409k1");
        TABLE.put(0x000C, "sect409r1");
        TABLE.put(0x000D, "sect571k1");
        TABLE.put(0x000E, "sect571r1");
        TABLE.put(0x000F, "secp160k1");
        TABLE.put(0x0010, "secp160r1");
        TABLE.put(0x0011, "secp160r2");
        TABLE.put(0x0012, "secp192k1");
        TABLE.put(0x0013, "secp192r1");
        TABLE.put(0x0014, "secp224k1");
        TABLE.put(0x0015, "secp224r1");
        TABLE.put(0x0016, "secp256k1");
        TABLE.put(0x0017, "secp256r1");
        TABLE.put(0x0018, "secp384r1");
        TABLE.put(0x0019, "secp521r1");
        TABLE.put(0x001A, "brainpoolP256r1");
        TABLE.put(0x001B, "brainpoolP384r1");
        TABLE.put(0x001C, "brainpoolP512r1");
        TABLE.put(0x001D, "x25519");
        TABLE.put(0x001E, "x448");
        TABLE.put(0x001F, "brainpoolP256r1tls13");
        TABLE.put(0x0020, "brainpoolP384r1tls13");
        TABLE.put(0x0021, "brainpoolP512r1tls13");
        TABLE.put(0x0022, "GC256A");
        TABLE.put(0x0023, "GC256B");
        TABLE.put(0x0024, "GC256C");
        TABLE.put(0x0025, "GC256D");
        TABLE.put(0x0026, "GC512A");
        TABLE.put(0x0027, "GC512B");
        TABLE.put(0x0028, "GC512C");
        TABLE.put(0x0029, "curveSM2");
        TABLE.put(0x0100, "ffdhe2048");
        TABLE.put(0x0101, "ffdhe3072");
        TABLE.put(0x0102, "ffdhe4096");
        TABLE.put(0x0103, "ffdhe6144");
        TABLE.put(0x0104, "ffdhe8192");
        TABLE.put(0x0200, "MLKEM512");
        TABLE.put(0x0201, "MLKEM768");
        TABLE.put(0x0202, "MLKEM1024");
        TABLE.put(0x11EB, "SecP256r1MLKEM768");
        TABLE.put(0x11EC, "X25519MLKEM768");
        TABLE.put(0x11ED, "SecP384r1MLKEM1024");
        TABLE.put(0x6399, "X25519Kyber768Draft00");
        TABLE.put(0x639A, "SecP256r1Kyber768Draft00");
        TABLE.put(0xFF01, "arbitrary_explicit_prime_curves");
        TABLE.put(0xFF02, "arbitrary_explicit_char2_curves");
    }

    private NamedGroups()
    {
    }

    /**
     * The IANA name of a named group.
     *
     * @param group the 16-bit code point, e.g. 29.
     * @return the constant name, or null when the code point is not assigned.
     */
    public static String name(final int group)
    {
        return TABLE.name(group);
    }

    /**
     * The IANA name of a named group as ASCII bytes; the array is shared and must not be changed.
     *
     * @param group the 16-bit code point.
     * @return the name's bytes, or null when the code point is not assigned.
     */
    public static byte[] nameBytes(final int group)
    {
        return TABLE.bytes(group);
    }

    static int size()
    {
        return TABLE.size();
    }
}
