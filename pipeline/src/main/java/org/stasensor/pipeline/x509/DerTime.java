package org.stasensor.pipeline.x509;

import org.agrona.DirectBuffer;

/**
 * Reads UTCTime and GeneralizedTime values (X.680 46-47, RFC 5280 4.1.2.5) into seconds and nanoseconds since the
 * Unix epoch, allocation-free. A reused holder: {@link #parse} fills {@link #epochSeconds()} and
 * {@link #nanosOfSecond()}.
 * <ul>
 *   <li>UTCTime {@code YYMMDDhhmm[ss](Z|+hhmm|-hhmm)}; RFC 5280 4.1.2.5.1: YY &gt;= 50 is 19YY, else 20YY.</li>
 *   <li>GeneralizedTime {@code YYYYMMDDhhmmss[(.|,)f...](Z|+hhmm|-hhmm)}; up to nine fraction digits are kept,
 *       more are read and ignored.</li>
 * </ul>
 * DER wants seconds and 'Z' always; the looser BER forms above are accepted because they are unambiguous.
 * A local time without zone, a field out of range (month 13, 31 April, hour 24...) is malformed. Leap second
 * 60 is accepted and counted as the next second, like {@code java.time} does.
 */
public final class DerTime
{
    private static final long SECONDS_PER_DAY = 86_400L;
    private static final int MAX_FRACTION_DIGITS = 9;

    private long epochSeconds;
    private int nanosOfSecond;

    /**
     * Parses a time value.
     *
     * @param buffer holds the value.
     * @param tag    {@link DerWalker#TAG_UTC_TIME} or {@link DerWalker#TAG_GENERALIZED_TIME}.
     * @param offset where the value bytes start.
     * @param length how many there are.
     * @return false when the tag is neither or the text is malformed.
     */
    public boolean parse(final DirectBuffer buffer, final int tag, final int offset, final int length)
    {
        final int end = offset + length;
        int p = offset;
        final long year;
        if (tag == DerWalker.TAG_UTC_TIME)
        {
            if (length < 11)
            {
                return false;
            }
            final int yy = twoDigits(buffer, p);
            if (yy < 0)
            {
                return false;
            }
            year = yy >= 50 ? 1900 + yy : 2000 + yy;
            p += 2;
        }
        else if (tag == DerWalker.TAG_GENERALIZED_TIME)
        {
            if (length < 15)
            {
                return false;
            }
            final int high = twoDigits(buffer, p);
            final int low = twoDigits(buffer, p + 2);
            if (high < 0 || low < 0)
            {
                return false;
            }
            year = high * 100L + low;
            p += 4;
        }
        else
        {
            return false;
        }
        final int month = twoDigits(buffer, p);
        final int day = twoDigits(buffer, p + 2);
        final int hour = twoDigits(buffer, p + 4);
        final int minute = twoDigits(buffer, p + 6);
        p += 8;
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 ||
            minute < 0 || minute > 59)
        {
            return false;
        }
        int second = 0;
        if (p + 2 <= end && isDigit(buffer, p))
        {
            second = twoDigits(buffer, p);
            if (second < 0 || second > 60)
            {
                return false;
            }
            p += 2;
        }
        else if (tag == DerWalker.TAG_GENERALIZED_TIME)
        {
            return false;
        }
        int nanos = 0;
        if (tag == DerWalker.TAG_GENERALIZED_TIME && p < end && (byteAt(buffer, p) == '.' || byteAt(buffer, p) == ','))
        {
            p++;
            int digits = 0;
            while (p < end && isDigit(buffer, p))
            {
                if (digits < MAX_FRACTION_DIGITS)
                {
                    nanos = nanos * 10 + (byteAt(buffer, p) - '0');
                }
                digits++;
                p++;
            }
            if (digits == 0)
            {
                return false;
            }
            for (int i = digits; i < MAX_FRACTION_DIGITS; i++)
            {
                nanos *= 10;
            }
        }
        if (p >= end)
        {
            return false;
        }
        final int zone = byteAt(buffer, p++);
        long offsetSeconds = 0;
        if (zone == '+' || zone == '-')
        {
            if (end - p != 4)
            {
                return false;
            }
            final int zoneHours = twoDigits(buffer, p);
            final int zoneMinutes = twoDigits(buffer, p + 2);
            if (zoneHours < 0 || zoneHours > 23 || zoneMinutes < 0 || zoneMinutes > 59)
            {
                return false;
            }
            offsetSeconds = (zoneHours * 60L + zoneMinutes) * 60L * (zone == '+' ? 1 : -1);
        }
        else if (zone != 'Z' || p != end)
        {
            return false;
        }
        epochSeconds = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second -
            offsetSeconds;
        nanosOfSecond = nanos;
        return true;
    }

    /**
     * Seconds since 1970-01-01T00:00:00Z of the last parsed value.
     *
     * @return the seconds.
     */
    public long epochSeconds()
    {
        return epochSeconds;
    }

    /**
     * Fraction of the second of the last parsed value.
     *
     * @return 0..999999999.
     */
    public int nanosOfSecond()
    {
        return nanosOfSecond;
    }

    /**
     * Nanoseconds since the epoch, saturated: dates after 2262-04-11 (such as RFC 5280's "no well-defined
     * expiration" 9999-12-31) become {@link Long#MAX_VALUE}, dates before 1677-09-21 {@link Long#MIN_VALUE}.
     *
     * @param epochSeconds  seconds since the epoch.
     * @param nanosOfSecond fraction.
     * @return the saturated nanoseconds.
     */
    public static long saturatedEpochNanos(final long epochSeconds, final int nanosOfSecond)
    {
        final long high = Math.multiplyHigh(epochSeconds, 1_000_000_000L);
        final long low = epochSeconds * 1_000_000_000L;
        if ((high != 0 || low < 0) && (high != -1 || low >= 0))
        {
            return epochSeconds < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        final long sum = low + nanosOfSecond;
        return sum < low ? Long.MAX_VALUE : sum;
    }

    /**
     * Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
     *
     * @param year  the year.
     * @param month 1..12.
     * @param day   1..31.
     * @return days since the epoch, negative before it.
     */
    static long daysFromCivil(final long year, final int month, final int day)
    {
        final long y = month <= 2 ? year - 1 : year;
        final long era = Math.floorDiv(y, 400);
        final long yearOfEra = y - era * 400;
        final long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        final long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    private static int daysInMonth(final long year, final int month)
    {
        return switch (month)
        {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static int byteAt(final DirectBuffer buffer, final int index)
    {
        return buffer.getByte(index) & 0xFF;
    }

    private static boolean isDigit(final DirectBuffer buffer, final int index)
    {
        final int c = byteAt(buffer, index);
        return c >= '0' && c <= '9';
    }

    private static int twoDigits(final DirectBuffer buffer, final int index)
    {
        final int tens = byteAt(buffer, index) - '0';
        final int units = byteAt(buffer, index + 1) - '0';
        if (tens < 0 || tens > 9 || units < 0 || units > 9)
        {
            return -1;
        }
        return tens * 10 + units;
    }
}
