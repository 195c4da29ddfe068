package org.stasensor.pipeline.enrich.x509;

/**
 * What {@code tls.server.validation} says about a server's certificate chain, in order of precedence: when several
 * problems apply, the first one listed is reported (docs/certificate-validation.md gives the reasons).
 */
public enum ValidationStatus
{
    /** A certificate on the path had expired at capture time. */
    EXPIRED("expired"),
    /** A certificate on the path was not yet valid at capture time. */
    NOT_YET_VALID("not_yet_valid"),
    /** The leaf signs itself and is not a trust anchor. */
    SELF_SIGNED("self_signed"),
    /** No path to a trust anchor, or the leaf could not be parsed. */
    UNTRUSTED("untrusted"),
    /** A trusted chain, but not for the name the client asked for (SNI). */
    HOSTNAME_MISMATCH("hostname_mismatch"),
    /** A trusted chain, within its validity at capture time, for the name asked for (or no name was asked). */
    VALID("valid");

    private final String word;

    ValidationStatus(final String word)
    {
        this.word = word;
    }

    /**
     * The value written to the record.
     *
     * @return e.g. "not_yet_valid".
     */
    public String word()
    {
        return word;
    }
}
