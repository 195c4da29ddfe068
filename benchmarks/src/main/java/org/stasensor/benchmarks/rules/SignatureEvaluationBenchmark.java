package org.stasensor.benchmarks.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.stasensor.benchmarks.jmh.BenchmarkCaptures;
import org.stasensor.benchmarks.jmh.PacketStore;
import org.stasensor.benchmarks.jmh.ProjectJvmBenchmark;
import org.stasensor.pipeline.inspect.InspectorConfig;
import org.stasensor.pipeline.inspect.PacketInspector;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.SingleSlotRecordSink;
import org.stasensor.rules.AlertSink;
import org.stasensor.rules.signature.SignatureSet;

/**
 * Cost per record of evaluating Suricata signatures ({@link SignatureSet#onRecord}) with thousands of rules loaded:
 * the records are the ones the pipeline makes from the benchmark seed mix ({@value BenchmarkCaptures#SEEDS}: TLS,
 * QUIC, SSH and DNS captures of the corpus), {@value #RECORDS} of them per operation; the rules are generated
 * (mostly ja3.hash, tls.sni, ssh.hassh and dns.query content rules with every anchor, some with pcre, a small share
 * with pcre alone), about 1% with values taken from the records so that alerts happen. The score is ns per record;
 * with {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes per record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(SignatureEvaluationBenchmark.RECORDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SignatureEvaluationBenchmark extends ProjectJvmBenchmark
{
    /** Records evaluated per operation. */
    static final int RECORDS = 4096;

    private static final String[] WORDS = {"google", "microsoft", "fbcdn", "apple", "mozilla", "adnxs", "whatsapp",
        "example", "update", "cdn", "login", "static", "mail", "api", "push", "video", "img", "edge", "akamai"};
    private static final String[] TLDS = {"com", "net", "org", "io", "sea", "ru", "cn", "xyz"};

    /** Signatures loaded. */
    @Param({"10000", "1000"})
    public int signatures;

    /** Per mille of rules whose only condition is a pcre (not indexable: evaluated for each record). */
    @Param({"5", "0"})
    public int pcreOnlyPerMille;

    private final UnsafeBuffer records = new UnsafeBuffer(new byte[RECORDS * 2048 * 4]);
    private final int[] offsets = new int[RECORDS];
    private final RecordReader reader = new RecordReader();
    private final Map<Dataset, Integer> mix = new EnumMap<>(Dataset.class);
    private SignatureSet set;
    private long alerts;
    private long evaluated;

    /**
     * Makes the records and the rules.
     *
     * @throws IOException when a capture or the rules file cannot be read or written.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final List<byte[]> all = new ArrayList<>();
        try (PacketStore packets = BenchmarkCaptures.load(BenchmarkCaptures.SEEDS))
        {
            final PacketInspector inspector = new PacketInspector(InspectorConfig.DEFAULT, new SingleSlotRecordSink(
                (final MutableDirectBuffer buffer, final int offset, final int length) ->
                {
                    final byte[] copy = new byte[length];
                    buffer.getBytes(offset, copy);
                    all.add(copy);
                }));
            for (int i = 0; i < packets.count(); i++)
            {
                inspector.onPacket(packets.linkType(i), packets.memory(), packets.offset(i),
                    packets.capturedLength(i), packets.wireLength(i), packets.timestampNanos(i));
            }
            inspector.finish();
        }
        if (all.isEmpty())
        {
            throw new IllegalStateException("the seed captures made no records");
        }
        int at = 0;
        for (int i = 0; i < RECORDS; i++)
        {
            final byte[] record = all.get(i % all.size());
            if (at + record.length > records.capacity())
            {
                throw new IllegalStateException("record area too small");
            }
            records.putBytes(at, record);
            offsets[i] = at;
            mix.merge(reader.wrap(records, at).dataset(), 1, Integer::sum);
            at += record.length;
        }
        final Path rules = Files.createTempFile("sta-signature-benchmark-", ".rules");
        try
        {
            Files.write(rules, generate(all, signatures, pcreOnlyPerMille));
            final List<String> warnings = new ArrayList<>();
            set = SignatureSet.load(List.of(rules), Map.of(), warnings::add);
            System.out.printf("%n[signatures] %s%n[signatures] records per operation by dataset: %s%n",
                warnings.get(warnings.size() - 1), mix);
        }
        finally
        {
            Files.deleteIfExists(rules);
        }
    }

    /**
     * Prints alerts per record so a reader can tell rules matched.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        System.out.printf("%n[signatures] %d signatures, %.4f alerts per record, %d pcre runs stopped%n",
            set.loaded(), (double)alerts / Math.max(1, evaluated), set.pcreAborted());
    }

    /**
     * Evaluates every record once.
     *
     * @return alerts so far, so that the work cannot be dropped.
     */
    @Benchmark
    public long evaluate()
    {
        final AlertSink sink = this::count;
        for (int i = 0; i < RECORDS; i++)
        {
            set.onRecord(reader.wrap(records, offsets[i]), sink);
        }
        evaluated += RECORDS;
        return alerts;
    }

    private void count(final RecordReader trigger, final org.stasensor.rules.RuleIdentity rule,
        final CharSequence message)
    {
        alerts++;
    }

    private static List<String> generate(final List<byte[]> records, final int count, final int pcreOnlyPerMille)
    {
        final List<String> ja3 = new ArrayList<>();
        final List<String> sni = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final RecordReader record = new RecordReader();
        for (final byte[] bytes : records)
        {
            record.wrap(new UnsafeBuffer(bytes), 0);
            addIfPresent(ja3, record.string(Fields.TLS_CLIENT_JA3));
            addIfPresent(sni, record.string(Fields.TLS_CLIENT_SERVER_NAME));
            addIfPresent(names, record.string(Fields.DNS_QUESTION_NAME));
        }
        final Random random = new Random(42);
        final List<String> rules = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final int sid = 1 + i;
            final String condition = random.nextInt(1000) < pcreOnlyPerMille
                ? "dns.query; pcre:\"/^[a-z0-9]{20,}\\." + WORDS[random.nextInt(WORDS.length)] + "/i\";"
                : random.nextInt(100) == 0 ? fromRecords(random, ja3, sni, names) : generated(random);
            rules.add("alert ip any any -> any any (msg:\"benchmark " + sid + "\"; " + condition + " sid:" + sid +
                "; rev:1;)");
        }
        return rules;
    }

    private static String fromRecords(final Random random, final List<String> ja3, final List<String> sni,
        final List<String> names)
    {
        return switch (random.nextInt(3))
        {
            case 0 -> ja3.isEmpty() ? generated(random) :
                "ja3.hash; content:\"" + ja3.get(random.nextInt(ja3.size())) + "\";";
            case 1 -> sni.isEmpty() ? generated(random) :
                "tls.sni; content:\"" + escape(sni.get(random.nextInt(sni.size()))) + "\"; endswith;";
            default -> names.isEmpty() ? generated(random) :
                "dns.query; content:\"" + escape(names.get(random.nextInt(names.size()))) + "\"; nocase;";
        };
    }

    private static String generated(final Random random)
    {
        final String label = WORDS[random.nextInt(WORDS.length)] + random.nextInt(1000);
        final String name = label + "." + TLDS[random.nextInt(TLDS.length)];
        return switch (random.nextInt(20))
        {
            case 0, 1, 2, 3, 4 -> "ja3.hash; content:\"" + hex(random) + "\";";
            case 5, 6 -> "ssh.hassh; content:\"" + hex(random) + "\";";
            case 7, 8, 9 -> "tls.sni; content:\"" + name + "\"; endswith;";
            case 10, 11 -> "tls.sni; content:\"" + name + "\"; startswith; endswith; nocase;";
            case 12 -> "tls.sni; content:\"" + label + "\";";
            case 13, 14 -> "dns.query; content:\"" + name + "\"; endswith;";
            case 15 -> "dns.query; content:\"" + label + "\"; nocase;";
            case 16 -> "tls.sni; content:\"" + label + "\"; pcre:\"/^" + label.substring(0, 3) + "[a-z]*\\d+\\./\";";
            case 17 -> "ja4.hash; content:\"t13d" + (10 + random.nextInt(90)) + "\"; startswith;";
            case 18 -> "dns.query; content:\"" + label + "\"; pcre:\"/\\." + name.replace(".", "\\.") + "$/i\";";
            default -> "ssh.software; content:\"" + WORDS[random.nextInt(WORDS.length)] + "_" + random.nextInt(10) +
                "\";";
        };
    }

    private static void addIfPresent(final List<String> values, final String value)
    {
        if (value != null && !value.isEmpty() && value.chars().allMatch(c -> c >= 0x20 && c < 0x7F))
        {
            values.add(value);
        }
    }

    private static String escape(final String value)
    {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace(";", "\\;").replace("|", "|7C|");
    }

    private static String hex(final Random random)
    {
        final StringBuilder text = new StringBuilder(32);
        for (int i = 0; i < 32; i++)
        {
            text.append(Character.forDigit(random.nextInt(16), 16));
        }
        return text.toString();
    }
}
