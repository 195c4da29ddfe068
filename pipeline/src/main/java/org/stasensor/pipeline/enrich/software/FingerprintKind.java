package org.stasensor.pipeline.enrich.software;

/**
 * The fingerprints a {@link FingerprintDatabase} names software by, with the form each one's text has.
 */
public enum FingerprintKind
{
    /** JA3 (salesforce/ja3): MD5 of the ClientHello fields, 32 lowercase hex digits. */
    JA3("ja3", 32),
    /** JA4 (FoxIO): e.g. {@code t13d1516h2_8daaf6152771_e5627efa2ab1}, 36 characters. */
    JA4("ja4", 36),
    /** HASSH (salesforce/hassh): MD5 of the SSH client's KEXINIT lists, 32 lowercase hex digits. */
    HASSH("hassh", 32),
    /** HASSHServer: MD5 of the SSH server's KEXINIT lists, 32 lowercase hex digits. */
    HASSH_SERVER("hassh_server", 32);

    private static final FingerprintKind[] VALUES = values();
    private static final int JA4_FIRST_SEPARATOR = 10;
    private static final int JA4_SECOND_SEPARATOR = 23;

    private final String token;
    private final int length;

    FingerprintKind(final String token, final int length)
    {
        this.token = token;
        this.length = length;
    }

    /**
     * The word for this kind in fingerprint files and in {@code *_source} values.
     *
     * @return e.g. "ja3", "hassh_server".
     */
    public String token()
    {
        return token;
    }

    /**
     * Length of a fingerprint of this kind.
     *
     * @return characters.
     */
    public int length()
    {
        return length;
    }

    /**
     * The kind for a word of a fingerprint file, case-insensitive.
     *
     * @param token e.g. "ja4" or "HASSH_SERVER".
     * @return the kind, or null when the word names none.
     */
    public static FingerprintKind ofToken(final String token)
    {
        for (final FingerprintKind kind : VALUES)
        {
            if (kind.token.equalsIgnoreCase(token))
            {
                return kind;
            }
        }
        return null;
    }

    /**
     * Why a text is not a fingerprint of this kind (after lower-casing).
     *
     * @param fingerprint the text.
     * @return the reason, or null when it is well formed.
     */
    public String problem(final String fingerprint)
    {
        if (fingerprint.length() != length)
        {
            return token + " fingerprint must have " + length + " characters, '" + fingerprint + "' has "
                + fingerprint.length();
        }
        for (int i = 0; i < length; i++)
        {
            final char c = fingerprint.charAt(i);
            if (this == JA4)
            {
                final boolean separator = i == JA4_FIRST_SEPARATOR || i == JA4_SECOND_SEPARATOR;
                if (separator ? c != '_' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')))
                {
                    return "ja4 fingerprint '" + fingerprint + "' is not of the form t13d1516h2_8daaf6152771_"
                        + "e5627efa2ab1 (character " + (i + 1) + ")";
                }
            }
            else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            {
                return token + " fingerprint '" + fingerprint + "' is not 32 hex digits";
            }
        }
        return null;
    }
}
