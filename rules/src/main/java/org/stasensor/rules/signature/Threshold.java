package org.stasensor.rules.signature;

/**
 * A {@code threshold} or {@code detection_filter}: how many matches per tracked address within a window make an
 * alert, with Suricata's semantics, on record timestamps.
 *
 * @param type    what the count means.
 * @param track   which address the count is kept for.
 * @param count   the count.
 * @param seconds the window.
 */
record Threshold(Type type, Track track, int count, int seconds)
{
    /** Threshold types. */
    enum Type
    {
        /** Alert on the first count matches of each window. */
        LIMIT,
        /** Alert on every count-th match within a window. */
        THRESHOLD,
        /** Alert once per window, when the count-th match arrives. */
        BOTH,
        /** detection_filter: alert on every match after the count-th within a window. */
        DETECTION_FILTER
    }

    /** What a count is kept for. */
    enum Track
    {
        /** The record's source (initiator) address. */
        BY_SRC,
        /** The record's destination address. */
        BY_DST,
        /** One count for the rule. */
        BY_RULE,
        /** The pair of addresses. */
        BY_BOTH
    }

    /**
     * Parses "type limit, track by_src, count 1, seconds 60" (detection_filter has no type).
     *
     * @param value           the option value.
     * @param detectionFilter whether the keyword was detection_filter.
     * @return the threshold.
     * @throws IllegalArgumentException with a reason.
     */
    static Threshold parse(final String value, final boolean detectionFilter)
    {
        Type type = detectionFilter ? Type.DETECTION_FILTER : null;
        Track track = null;
        int count = -1;
        int seconds = -1;
        for (final String part : value.split(","))
        {
            final String[] words = part.strip().split("\\s+");
            if (words.length != 2)
            {
                throw new IllegalArgumentException("expected \"name value\" in threshold, got \"" + part.strip() +
                    "\"");
            }
            switch (words[0])
            {
                case "type" ->
                {
                    if (detectionFilter)
                    {
                        throw new IllegalArgumentException("detection_filter has no type");
                    }
                    type = switch (words[1])
                    {
                        case "limit" -> Type.LIMIT;
                        case "threshold" -> Type.THRESHOLD;
                        case "both" -> Type.BOTH;
                        default -> throw new IllegalArgumentException("threshold type must be limit, threshold " +
                            "or both, got " + words[1]);
                    };
                }
                case "track" -> track = switch (words[1])
                {
                    case "by_src" -> Track.BY_SRC;
                    case "by_dst" -> Track.BY_DST;
                    case "by_rule" -> Track.BY_RULE;
                    case "by_both" -> Track.BY_BOTH;
                    default -> throw new IllegalArgumentException("track must be by_src, by_dst, by_rule or " +
                        "by_both, got " + words[1]);
                };
                case "count" -> count = number(words[1], "count");
                case "seconds" -> seconds = number(words[1], "seconds");
                default -> throw new IllegalArgumentException("unknown threshold part \"" + words[0] + "\"");
            }
        }
        if (type == null || track == null || count < 1 || seconds < 1)
        {
            throw new IllegalArgumentException("threshold needs type, track, count >= 1 and seconds >= 1");
        }
        return new Threshold(type, track, count, seconds);
    }

    private static int number(final String text, final String name)
    {
        try
        {
            return Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + " must be a number, got " + text);
        }
    }
}
