package org.stasensor.pipeline.enrich.x509;

import java.util.Arrays;

/**
 * What a validator remembers about one leaf: everything that does not depend on the capture time or the server name
 * (the trust outcome of the PKIX run and the validity window of the path it found), with the judgements for each
 * outcome made up front so that judging a record is two comparisons and, with a server name, a name match.
 * Immutable; shared by every enrichment thread through the cache.
 */
final class ChainVerdict
{
    private final byte[] othersDigest;
    private final long notBeforeMillis;
    private final long notAfterMillis;
    private final Validation expired;
    private final Validation notYetValid;
    private final Validation trustProblem;
    private final Validation validForName;
    private final Validation validWithoutName;
    private final ServerNames names;

    /**
     * A verdict.
     *
     * @param othersDigest     digest of the certificates sent after the leaf: the same leaf sent with other
     *                         intermediates is judged again.
     * @param notBeforeMillis  the latest notBefore on the path, epoch milliseconds.
     * @param notAfterMillis   the earliest notAfter on the path, epoch milliseconds.
     * @param expired          the judgement after {@code notAfterMillis}.
     * @param notYetValid      the judgement before {@code notBeforeMillis}.
     * @param trustProblem     self_signed or untrusted, null for a trusted chain.
     * @param validForName     the judgement for a trusted chain whose names match the server name.
     * @param validWithoutName the judgement for a trusted chain and no server name.
     * @param names            the leaf's names, null when the leaf could not be parsed.
     */
    ChainVerdict(final byte[] othersDigest, final long notBeforeMillis, final long notAfterMillis,
        final Validation expired, final Validation notYetValid, final Validation trustProblem,
        final Validation validForName, final Validation validWithoutName, final ServerNames names)
    {
        this.othersDigest = othersDigest;
        this.notBeforeMillis = notBeforeMillis;
        this.notAfterMillis = notAfterMillis;
        this.expired = expired;
        this.notYetValid = notYetValid;
        this.trustProblem = trustProblem;
        this.validForName = validForName;
        this.validWithoutName = validWithoutName;
        this.names = names;
    }

    /**
     * Whether this verdict was made for the same certificates after the leaf.
     *
     * @param digest digest of the certificates sent after the leaf.
     * @return true when they are the same.
     */
    boolean sameOthers(final byte[] digest)
    {
        return Arrays.equals(othersDigest, digest);
    }

    /**
     * Judges one record: the time checks, then trust, then the server name (the precedence of
     * {@link ValidationStatus}).
     *
     * @param captureMillis when the packet was captured, epoch milliseconds.
     * @param serverName    the client's SNI, or null.
     * @return the judgement.
     */
    Validation judge(final long captureMillis, final String serverName)
    {
        if (captureMillis > notAfterMillis)
        {
            return expired;
        }
        if (captureMillis < notBeforeMillis)
        {
            return notYetValid;
        }
        if (trustProblem != null)
        {
            return trustProblem;
        }
        if (serverName == null || serverName.isEmpty())
        {
            return validWithoutName;
        }
        if (names.matches(serverName))
        {
            return validForName;
        }
        return new Validation(ValidationStatus.HOSTNAME_MISMATCH, "server name " + printable(serverName) +
            " is not among the certificate's " + names.description());
    }

    /**
     * Start of the window in which the path is valid.
     *
     * @return epoch milliseconds.
     */
    long notBeforeMillis()
    {
        return notBeforeMillis;
    }

    /**
     * End of the window in which the path is valid.
     *
     * @return epoch milliseconds.
     */
    long notAfterMillis()
    {
        return notAfterMillis;
    }

    private static String printable(final String hostile)
    {
        final int length = Math.min(hostile.length(), 100);
        final StringBuilder text = new StringBuilder(length + 3);
        for (int i = 0; i < length; i++)
        {
            final char c = hostile.charAt(i);
            text.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return hostile.length() > length ? text.append("...").toString() : text.toString();
    }
}
