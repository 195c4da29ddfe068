package org.stasensor.pipeline.enrich.x509;

import java.nio.charset.StandardCharsets;

/**
 * One judgement of a server's certificates: the status and a short reason for people. Immutable; the validator
 * keeps the ones that do not depend on the record (all but host name mismatches) in its cache and hands out the
 * same instance for every record of a server, with the reason already encoded.
 */
public final class Validation
{
    private final ValidationStatus status;
    private final String reason;
    private final byte[] reasonUtf8;

    /**
     * A judgement.
     *
     * @param status the status.
     * @param reason why, for people.
     */
    public Validation(final ValidationStatus status, final String reason)
    {
        this.status = status;
        this.reason = reason;
        this.reasonUtf8 = reason.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The status.
     *
     * @return the status.
     */
    public ValidationStatus status()
    {
        return status;
    }

    /**
     * Why.
     *
     * @return the reason.
     */
    public String reason()
    {
        return reason;
    }

    /**
     * The reason as UTF-8, for writing into a record without encoding it again; do not modify.
     *
     * @return the bytes.
     */
    byte[] reasonUtf8()
    {
        return reasonUtf8;
    }

    @Override
    public String toString()
    {
        return status.word() + " (" + reason + ")";
    }
}
