package org.stasensor.pipeline.x509;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * UTCTime and GeneralizedTime against java.time's formatting of the same instants, and the RFC 5280 4.1.2.5 rules.
 */
class DerTimeTest
{
    private static final DateTimeFormatter UTC_TIME =
        DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME =
        DateTimeFormatter.ofPattern("uuuuMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private final DerTime time = new DerTime();

    @Test
    void utcTimeIsTheInstantJavaTimeFormatted()
    {
        final Random random = new Random(5280);
        final long from = Instant.parse("1950-01-01T00:00:00Z").getEpochSecond();
        final long to = Instant.parse("2049-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 10_000; i++)
        {
            final Instant instant = Instant.ofEpochSecond(from + (long)(random.nextDouble() * (to - from)));
            assertTrue(parse(DerWalker.TAG_UTC_TIME, UTC_TIME.format(instant)), UTC_TIME.format(instant));
            assertEquals(instant.getEpochSecond(), time.epochSeconds(), UTC_TIME.format(instant));
        }
    }

    @Test
    void generalizedTimeIsTheInstantJavaTimeFormatted()
    {
        final Random random = new Random(5280);
        final long from = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        final long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 10_000; i++)
        {
            final Instant instant = Instant.ofEpochSecond(from + (long)(random.nextDouble() * (to - from)));
            assertTrue(parse(DerWalker.TAG_GENERALIZED_TIME, GENERALIZED_TIME.format(instant)));
            assertEquals(instant.getEpochSecond(), time.epochSeconds(), GENERALIZED_TIME.format(instant));
        }
    }

    @Test
    void utcTimeYearsFiftyAndLaterAreNineteenHundreds()
    {
        assertTrue(parse(DerWalker.TAG_UTC_TIME, "491231235959Z"));
        assertEquals(Instant.parse("2049-12-31T23:59:59Z").getEpochSecond(), time.epochSeconds());
        assertTrue(parse(DerWalker.TAG_UTC_TIME, "500101000000Z"));
        assertEquals(Instant.parse("1950-01-01T00:00:00Z").getEpochSecond(), time.epochSeconds());
    }

    @Test
    void fractionsAndOffsets()
    {
        assertTrue(parse(DerWalker.TAG_GENERALIZED_TIME, "20240229123456.789Z"));
        assertEquals(Instant.parse("2024-02-29T12:34:56Z").getEpochSecond(), time.epochSeconds());
        assertEquals(789_000_000, time.nanosOfSecond());
        assertTrue(parse(DerWalker.TAG_GENERALIZED_TIME, "20240101013000+0130"));
        assertEquals(Instant.parse("2024-01-01T00:00:00Z").getEpochSecond(), time.epochSeconds());
        assertTrue(parse(DerWalker.TAG_UTC_TIME, "2401010000Z"), "BER UTCTime without seconds");
        assertEquals(Instant.parse("2024-01-01T00:00:00Z").getEpochSecond(), time.epochSeconds());
        assertTrue(parse(DerWalker.TAG_UTC_TIME, "231231230000-0100"));
        assertEquals(Instant.parse("2024-01-01T00:00:00Z").getEpochSecond(), time.epochSeconds());
    }

    @Test
    void malformedTimes()
    {
        assertFalse(parse(DerWalker.TAG_GENERALIZED_TIME, "20230230000000Z"), "30 February");
        assertFalse(parse(DerWalker.TAG_GENERALIZED_TIME, "20231301000000Z"), "month 13");
        assertFalse(parse(DerWalker.TAG_GENERALIZED_TIME, "20230101240000Z"), "hour 24");
        assertFalse(parse(DerWalker.TAG_GENERALIZED_TIME, "20230101000000"), "local time");
        assertFalse(parse(DerWalker.TAG_GENERALIZED_TIME, "20230101000000ZZ"), "trailing byte");
        assertFalse(parse(DerWalker.TAG_GENERALIZED_TIME, "202301010000Z"), "GeneralizedTime needs seconds");
        assertFalse(parse(DerWalker.TAG_GENERALIZED_TIME, "20230101000000.Z"), "empty fraction");
        assertFalse(parse(DerWalker.TAG_UTC_TIME, "23010100000"), "no zone");
        assertFalse(parse(DerWalker.TAG_UTC_TIME, "2301010000+01"), "short offset");
        assertFalse(parse(DerWalker.TAG_UTC_TIME, "23O1O1OOOOOOZ"), "letters");
        assertFalse(parse(DerWalker.TAG_UTC_TIME, ""), "empty");
        assertFalse(parse(DerWalker.TAG_OCTET_STRING, "230101000000Z"), "not a time tag");
        assertTrue(parse(DerWalker.TAG_GENERALIZED_TIME, "20240229000000Z"), "leap year");
        assertFalse(parse(DerWalker.TAG_GENERALIZED_TIME, "21000229000000Z"), "2100 is not a leap year");
    }

    @Test
    void nanosecondsSaturateOutsideTheLongRange()
    {
        assertEquals(Long.MAX_VALUE, DerTime.saturatedEpochNanos(
            Instant.parse("9999-12-31T23:59:59Z").getEpochSecond(), 0));
        assertEquals(Long.MIN_VALUE, DerTime.saturatedEpochNanos(
            Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(), 0));
        assertEquals(-999_999_999L, DerTime.saturatedEpochNanos(-1, 1));
        final Instant last = Instant.ofEpochSecond(0, Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, DerTime.saturatedEpochNanos(last.getEpochSecond(), last.getNano()));
        assertEquals(Long.MAX_VALUE, DerTime.saturatedEpochNanos(last.getEpochSecond(), 999_999_999));
        assertEquals(1_700_000_000_123_456_789L, DerTime.saturatedEpochNanos(1_700_000_000L, 123_456_789));
    }

    private boolean parse(final int tag, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return time.parse(new UnsafeBuffer(bytes), tag, 0, bytes.length);
    }
}
