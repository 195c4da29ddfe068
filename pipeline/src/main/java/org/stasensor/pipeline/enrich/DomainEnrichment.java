package org.stasensor.pipeline.enrich;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.domain.PublicSuffixList;
import org.stasensor.pipeline.enrich.rdap.DomainAgeResult;
import org.stasensor.pipeline.enrich.rdap.DomainAgeService;
import org.stasensor.pipeline.enrich.rdap.DomainAgeStatus;
import org.stasensor.pipeline.enrich.rdap.DomainAgeUpdate;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Field;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;

/**
 * The domain a record names (DNS question, else SNI, else the certificate's first DNS name), its registered domain,
 * DGA score and creation date. One per enrichment thread: it keeps a direct-mapped cache of scores by registered
 * domain in front of the shared model; creation dates come from the shared {@link DomainAgeService}, whose answers
 * for pending lookups become {@link Dataset#DOMAIN} records through {@link LateRecords}.
 */
public final class DomainEnrichment implements RecordEnrichment
{
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final int MAX_NAME = PublicSuffixList.MAX_NAME_LENGTH;

    private final PublicSuffixList suffixes;
    private final DomainScorer model;
    private final DomainAgeService ages;
    private final Triggers triggers;
    private final byte[] name = new byte[MAX_NAME + 1];
    private final UnsafeBuffer nameBuffer = new UnsafeBuffer(name);
    private final AsciiView registered = new AsciiView(name);
    private final DomainAgeResult age = new DomainAgeResult();
    private final int mask;
    private final long[] cachedHash;
    private final byte[][] cachedName;
    private final double[] cachedScore;
    private volatile long scoreHits;
    private volatile long scoreMisses;
    private volatile int scoresHeld;

    /**
     * Shared state of every thread's domain enrichment: lookups waiting for their answer, by registered domain, and
     * what the update record needs of the record that started each.
     */
    public static final class Triggers
    {
        private final ConcurrentHashMap<String, byte[]> pending = new ConcurrentHashMap<>();
        private final int limit;
        private final LateRecords lateRecords;
        private final AtomicLong lateWritten = new AtomicLong();

        /**
         * Shared trigger memory.
         *
         * @param limit       lookups remembered at once.
         * @param lateRecords where update records go.
         */
        public Triggers(final int limit, final LateRecords lateRecords)
        {
            this.limit = limit;
            this.lateRecords = lateRecords;
        }

        void remember(final String registeredDomain, final RecordReader record)
        {
            if (pending.size() < limit)
            {
                final byte[] header = new byte[RecordDescriptor.HEADER_LENGTH];
                record.buffer().getBytes(record.offset(), header);
                pending.putIfAbsent(registeredDomain, header);
            }
        }

        /**
         * Called by the age service when a lookup completes: journals an update record.
         *
         * @param update the answer.
         */
        public void onUpdate(final DomainAgeUpdate update)
        {
            final byte[] header = pending.remove(update.registeredDomain());
            if (header == null)
            {
                return;
            }
            final UnsafeBuffer trigger = new UnsafeBuffer(header);
            final UnsafeBuffer out = new UnsafeBuffer(new byte[2048]);
            final RecordReader reader = new RecordReader();
            trigger.putInt(RecordDescriptor.LENGTH_OFFSET, RecordDescriptor.HEADER_LENGTH,
                java.nio.ByteOrder.LITTLE_ENDIAN);
            reader.wrap(trigger, 0);
            final RecordWriter writer = new RecordWriter();
            writer.begin(out, 0, out.capacity(), Dataset.DOMAIN, reader.timestampNanos());
            if (reader.ipVersion() == 4 || reader.ipVersion() == 6)
            {
                writer.connection(reader.flowUid(), reader.ipVersion(), reader.transport(), trigger,
                    reader.sourceAddressOffset(), reader.destinationAddressOffset(), reader.sourcePort(),
                    reader.destinationPort());
            }
            writer.putString(Fields.DOMAIN_REGISTERED_DOMAIN, update.registeredDomain());
            writeAge(writer, update.status(), update.creationEpochMillis(), reader.timestampNanos());
            final int length = writer.finish();
            if (lateRecords.offer(out, 0, length))
            {
                lateWritten.incrementAndGet();
            }
        }

        /**
         * Lookups whose answer is awaited.
         *
         * @return the count.
         */
        public int pending()
        {
            return pending.size();
        }
    }

    /**
     * An enrichment for one thread.
     *
     * @param suffixes     the Public Suffix List.
     * @param model        the DGA model ({@code DgaModel::score}), or null for no scores.
     * @param ages         the creation-date service, or null when disabled.
     * @param triggers     shared pending-lookup memory (with {@code ages}).
     * @param cacheEntries registered domains whose score this thread remembers.
     */
    public DomainEnrichment(final PublicSuffixList suffixes, final DomainScorer model, final DomainAgeService ages,
        final Triggers triggers, final int cacheEntries)
    {
        this.suffixes = suffixes;
        this.model = model;
        this.ages = ages;
        this.triggers = triggers;
        final int entries = Integer.highestOneBit(Math.max(2, cacheEntries - 1)) << 1;
        mask = entries - 1;
        cachedHash = new long[entries];
        cachedName = new byte[entries][];
        cachedScore = new double[entries];
    }

    @Override
    public void enrich(final RecordReader record, final RecordWriter out)
    {
        final Dataset dataset = record.dataset();
        final int length;
        if (dataset == Dataset.DNS)
        {
            length = copyName(record, Fields.DNS_QUESTION_NAME);
        }
        else if (dataset == Dataset.TLS || dataset == Dataset.QUIC)
        {
            final int sni = copyName(record, Fields.TLS_CLIENT_SERVER_NAME);
            length = sni > 0 ? sni : copyName(record, Fields.X509_ALTERNATIVE_NAMES);
        }
        else
        {
            return;
        }
        if (length <= 0)
        {
            return;
        }
        final int match = suffixes.match(name, 0, length);
        final int start = PublicSuffixList.registeredDomainStart(match);
        if (start < 0)
        {
            return;
        }
        out.put(Fields.DOMAIN_NAME, name, 0, length);
        out.put(Fields.DOMAIN_REGISTERED_DOMAIN, name, start, length - start);
        if (model != null)
        {
            out.putDouble(Fields.DOMAIN_DGA_SCORE, score(start, length - start));
        }
        if (ages == null)
        {
            out.putAscii(Fields.DOMAIN_CREATION_DATE_STATUS, DomainAgeStatus.OFFLINE.word());
            return;
        }
        registered.set(start, length - start);
        final DomainAgeStatus status = ages.lookup(registered, System.currentTimeMillis(), age);
        if (status == DomainAgeStatus.PENDING)
        {
            triggers.remember(registered.toString(), record);
        }
        writeAge(out, status, age.creationEpochMillis(), record.timestampNanos());
    }

    static void writeAge(final RecordWriter out, final DomainAgeStatus status, final long creationMillis,
        final long recordNanos)
    {
        if (status == DomainAgeStatus.FOUND && creationMillis != Long.MIN_VALUE)
        {
            final long creationNanos = creationMillis * 1_000_000L;
            out.putLong(Fields.DOMAIN_CREATION_DATE, creationNanos);
            out.putLong(Fields.DOMAIN_AGE_DAYS, Math.floorDiv(recordNanos - creationNanos, NANOS_PER_DAY));
        }
        out.putAscii(Fields.DOMAIN_CREATION_DATE_STATUS, status.word());
    }

    /**
     * Lower-cased copy of the field's first value that is a DNS name into {@link #name}: without a trailing dot or a
     * leading wildcard label; IP literals (certificates list them among their names) and reverse-lookup names under
     * {@code arpa} are not domains anyone registered. Returns 0 when there is none.
     */
    private int copyName(final RecordReader record, final Field field)
    {
        record.rewind();
        while (record.nextField())
        {
            if (record.fieldId() != field.id())
            {
                continue;
            }
            final DirectBuffer buffer = record.buffer();
            int offset = record.valueOffset();
            int length = record.valueLength();
            if (length > 2 && buffer.getByte(offset) == '*' && buffer.getByte(offset + 1) == '.')
            {
                offset += 2;
                length -= 2;
            }
            if (length > 0 && buffer.getByte(offset + length - 1) == '.')
            {
                length--;
            }
            if (length <= 0 || length > MAX_NAME)
            {
                continue;
            }
            boolean letter = false;
            boolean colon = false;
            for (int i = 0; i < length; i++)
            {
                final byte b = buffer.getByte(offset + i);
                final byte lower = b >= 'A' && b <= 'Z' ? (byte)(b + 32) : b;
                letter |= lower >= 'a' && lower <= 'z';
                colon |= lower == ':';
                name[i] = lower;
            }
            if (!letter || colon || endsWith(length, ".arpa"))
            {
                continue;
            }
            return length;
        }
        return 0;
    }

    private boolean endsWith(final int length, final String suffix)
    {
        if (length < suffix.length())
        {
            return false;
        }
        for (int i = 0; i < suffix.length(); i++)
        {
            if (name[length - suffix.length() + i] != suffix.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private double score(final int offset, final int length)
    {
        long hash = 0xCBF29CE484222325L;
        for (int i = 0; i < length; i++)
        {
            hash = (hash ^ name[offset + i]) * 0x100000001B3L;
        }
        final int slot = (int)(hash ^ (hash >>> 32)) & mask;
        final byte[] cached = cachedName[slot];
        if (cached != null && cachedHash[slot] == hash && sameName(cached, offset, length))
        {
            scoreHits++;
            return cachedScore[slot];
        }
        scoreMisses++;
        if (cached == null)
        {
            scoresHeld++;
        }
        final double score = model.score(nameBuffer, offset, length);
        cachedHash[slot] = hash;
        cachedName[slot] = java.util.Arrays.copyOfRange(name, offset, offset + length);
        cachedScore[slot] = score;
        return score;
    }

    private boolean sameName(final byte[] cached, final int offset, final int length)
    {
        if (cached.length != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (cached[i] != name[offset + i])
            {
                return false;
            }
        }
        return true;
    }

    /** A CharSequence over part of {@link #name}, so that lookups need no String. */
    private static final class AsciiView implements CharSequence
    {
        private final byte[] bytes;
        private int offset;
        private int length;

        AsciiView(final byte[] bytes)
        {
            this.bytes = bytes;
        }

        void set(final int offset, final int length)
        {
            this.offset = offset;
            this.length = length;
        }

        @Override
        public int length()
        {
            return length;
        }

        @Override
        public char charAt(final int index)
        {
            return (char)(bytes[offset + index] & 0xFF);
        }

        @Override
        public CharSequence subSequence(final int start, final int end)
        {
            return new String(bytes, offset + start, end - start, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString()
        {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Scores answered from this thread's cache.
     *
     * @return the count.
     */
    public long scoreHits()
    {
        return scoreHits;
    }

    /**
     * Registered domains whose score this thread holds.
     *
     * @return the count, at most the cache's size.
     */
    public int scoresHeld()
    {
        return scoresHeld;
    }

    /**
     * Scores computed.
     *
     * @return the count.
     */
    public long scoreMisses()
    {
        return scoreMisses;
    }
}
