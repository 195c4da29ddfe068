package org.stasensor.pipeline.enrich.geo;

import java.io.IOException;
import org.agrona.DirectBuffer;
import org.stasensor.pipeline.enrich.RecordEnrichment;
import org.stasensor.pipeline.record.Field;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;

/**
 * Countries and AS numbers of a record's two addresses. One per enrichment thread (not thread-safe): each keeps its
 * own direct-mapped cache of recent addresses in front of the shared databases, since a busy server's address repeats
 * in most records and a MaxMind lookup decodes and allocates. Special-purpose addresses are never looked up.
 */
public final class GeoIpEnrichment implements RecordEnrichment
{
    private final GeoIpDatabases databases;
    private final int mask;
    private final long[] keyHigh;
    private final long[] keyLow;
    private final boolean[] present;
    private final String[] country;
    private final long[] asNumber;
    private final byte[][] asOrganization;
    private final byte[] ipv4 = new byte[4];
    private final byte[] ipv6 = new byte[16];
    private final GeoAnswer answer = new GeoAnswer();
    private byte[] organizationUtf8;
    private long generation;
    private volatile long hits;
    private volatile long misses;
    private volatile long failures;
    private int size;

    /**
     * An enrichment over shared databases.
     *
     * @param databases     the databases.
     * @param cacheEntries  addresses remembered by this thread, rounded up to a power of two; 0 for no cache.
     */
    public GeoIpEnrichment(final GeoIpDatabases databases, final int cacheEntries)
    {
        this.databases = databases;
        final int entries = cacheEntries <= 0 ? 0 : Integer.highestOneBit(Math.max(1, cacheEntries - 1)) << 1;
        this.mask = entries - 1;
        keyHigh = new long[entries];
        keyLow = new long[entries];
        present = new boolean[entries];
        country = new String[entries];
        asNumber = new long[entries];
        asOrganization = new byte[entries][];
        generation = databases.generation();
    }

    @Override
    public void enrich(final RecordReader record, final RecordWriter out)
    {
        final int ipVersion = record.ipVersion();
        if (ipVersion != 4 && ipVersion != 6)
        {
            return;
        }
        if (databases.generation() != generation)
        {
            generation = databases.generation();
            java.util.Arrays.fill(present, false);
            size = 0;
        }
        final DirectBuffer buffer = record.buffer();
        if (find(buffer, record.sourceAddressOffset(), ipVersion))
        {
            write(out, Fields.SOURCE_GEO_COUNTRY, Fields.SOURCE_AS_NUMBER, Fields.SOURCE_AS_ORGANIZATION);
        }
        if (find(buffer, record.destinationAddressOffset(), ipVersion))
        {
            write(out, Fields.DESTINATION_GEO_COUNTRY, Fields.DESTINATION_AS_NUMBER,
                Fields.DESTINATION_AS_ORGANIZATION);
        }
    }

    private void write(final RecordWriter out, final Field countryField, final Field numberField,
        final Field organizationField)
    {
        if (answer.country != null)
        {
            out.putAscii(countryField, answer.country);
        }
        if (answer.asNumber != 0)
        {
            out.putLong(numberField, answer.asNumber);
        }
        if (organizationUtf8 != null)
        {
            out.put(organizationField, organizationUtf8, 0, organizationUtf8.length);
        }
    }

    /** Fills {@link #answer}; false for a special address or when nothing is known. */
    private boolean find(final DirectBuffer buffer, final int offset, final int ipVersion)
    {
        if (SpecialAddresses.isSpecial(buffer, offset, ipVersion))
        {
            return false;
        }
        final long high;
        final long low;
        if (ipVersion == 4)
        {
            high = 0;
            low = buffer.getInt(offset, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFFFFFFL;
        }
        else
        {
            high = buffer.getLong(offset, java.nio.ByteOrder.BIG_ENDIAN);
            low = buffer.getLong(offset + 8, java.nio.ByteOrder.BIG_ENDIAN);
        }
        final int slot = mask < 0 ? -1 : (int)mix(high, low) & mask;
        if (slot >= 0 && present[slot] && keyHigh[slot] == high && keyLow[slot] == low)
        {
            hits++;
            answer.country = country[slot];
            answer.asNumber = asNumber[slot];
            organizationUtf8 = asOrganization[slot];
            return true;
        }
        misses++;
        final byte[] raw = ipVersion == 4 ? ipv4 : ipv6;
        buffer.getBytes(offset, raw);
        try
        {
            databases.lookup(raw, answer);
        }
        catch (final IOException | RuntimeException ex)
        {
            failures++;
            answer.clear();
        }
        // Kept encoded: a cache hit then writes the name without making a String's bytes again.
        organizationUtf8 = answer.asOrganization == null ? null
            : answer.asOrganization.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (slot >= 0)
        {
            if (!present[slot])
            {
                size++;
            }
            present[slot] = true;
            keyHigh[slot] = high;
            keyLow[slot] = low;
            country[slot] = answer.country;
            asNumber[slot] = answer.asNumber;
            asOrganization[slot] = organizationUtf8;
        }
        return answer.country != null || answer.asNumber != 0;
    }

    private static long mix(final long high, final long low)
    {
        final long h = (high * 0x9E3779B97F4A7C15L) ^ low;
        final long m = h * 0xC2B2AE3D27D4EB4FL;
        return m ^ (m >>> 29);
    }

    /**
     * Look-ups answered by this thread's cache.
     *
     * @return the count.
     */
    public long hits()
    {
        return hits;
    }

    /**
     * Look-ups that went to the databases.
     *
     * @return the count.
     */
    public long misses()
    {
        return misses;
    }

    /**
     * Look-ups that failed (a corrupt database): the record went without.
     *
     * @return the count.
     */
    public long failures()
    {
        return failures;
    }

    /**
     * Addresses held in this thread's cache.
     *
     * @return the count.
     */
    public int size()
    {
        return size;
    }
}
