package org.stasensor.appliance.capture.file;

/**
 * Converts a pcapng timestamp, a 64-bit unsigned count of units since the epoch, to nanoseconds, given the
 * interface's {@code if_tsresol} option (draft-ietf-opsawg-pcapng, section 4.2): when the most significant bit is
 * clear the unit is 10^-value seconds, when set it is 2^-(value &amp; 0x7F) seconds. The default is 6 (microseconds).
 * <p>
 * Units finer than a nanosecond are truncated towards zero, as Wireshark does. Binary resolutions are converted
 * exactly with a 128-bit product (no rounding of 2^n / 10^9).
 */
final class TimestampResolution
{
    /** The resolution when an interface has no if_tsresol option: microseconds. */
    static final int DEFAULT = 6;
    /** Set in if_tsresol when the resolution is a negative power of two. */
    static final int BINARY_FLAG = 0x80;
    private static final int EXPONENT_MASK = 0x7F;
    private static final int NANOSECOND_DIGITS = 9;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** 10^0 .. 10^19, the last one as an unsigned 64-bit value. */
    private static final long[] POWERS_OF_TEN = new long[20];

    static
    {
        long power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++)
        {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private TimestampResolution()
    {
    }

    /**
     * Nanoseconds since the epoch of a timestamp in the units of {@code resolution}.
     *
     * @param units      timestamp, unsigned.
     * @param resolution the if_tsresol byte.
     * @return nanoseconds since the epoch.
     */
    static long toNanos(final long units, final int resolution)
    {
        if (resolution == DEFAULT)
        {
            return units * 1_000L;
        }
        final int exponent = resolution & EXPONENT_MASK;
        return (resolution & BINARY_FLAG) == 0 ? decimal(units, exponent) : binary(units, exponent);
    }

    private static long decimal(final long units, final int digits)
    {
        if (digits <= NANOSECOND_DIGITS)
        {
            return units * POWERS_OF_TEN[NANOSECOND_DIGITS - digits];
        }
        final int finerDigits = digits - NANOSECOND_DIGITS;
        if (finerDigits >= POWERS_OF_TEN.length)
        {
            return 0;
        }
        if (digits >= POWERS_OF_TEN.length)
        {
            // 10^digits exceeds any 64-bit count: whole seconds are 0, only the fraction remains
            return Long.divideUnsigned(units, POWERS_OF_TEN[finerDigits]);
        }
        final long unitsPerSecond = POWERS_OF_TEN[digits];
        final long seconds = Long.divideUnsigned(units, unitsPerSecond);
        final long fraction = Long.remainderUnsigned(units, unitsPerSecond);
        return seconds * NANOS_PER_SECOND + Long.divideUnsigned(fraction, POWERS_OF_TEN[finerDigits]);
    }

    private static long binary(final long units, final int bits)
    {
        if (bits == 0)
        {
            return units * NANOS_PER_SECOND;
        }
        final long seconds = bits >= Long.SIZE ? 0 : units >>> bits;
        final long fraction = bits >= Long.SIZE ? units : units & ((1L << bits) - 1);
        // fraction * 10^9 / 2^bits, from the 128-bit product so that no bit of the fraction is lost
        final long high = Math.unsignedMultiplyHigh(fraction, NANOS_PER_SECOND);
        final long low = fraction * NANOS_PER_SECOND;
        final long fractionNanos = bits >= Long.SIZE ?
            high >>> (bits - Long.SIZE) :
            (low >>> bits) | (high << (Long.SIZE - bits));
        return seconds * NANOS_PER_SECOND + fractionNanos;
    }
}
