package org.stasensor.pipeline.x509;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.RecordDescriptor;
import org.stasensor.pipeline.record.RecordWriter;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input: real certificates from captures (extracted by tshark) truncated, bit-flipped, given random
 * lengths, with bytes inserted and removed, many thousand times. The parsers must answer true or false and never
 * throw; the buffers hold exactly the mutated bytes, so a read past them would throw (Agrona's bounds checks).
 * Where the JDK accepts a mutated certificate (without trailing bytes), the parser must accept it too, and every
 * field must be what the JDK reads (where the JDK can answer).
 */
class MutatedCertificatesTest
{
    private static final List<String> CAPTURES = List.of(
        "nDPI/pcap/tls_verylong_certificate.pcap",
        "nDPI/pcap/tls-rdn-extract.pcap",
        "ja4/pcap/badcurveball.pcap",
        "ja3/Traces/ssl-curl.pcap");
    /** Rounds and seed can be raised for a longer hunt: -Dsta.fuzz.rounds=1000000 -Dsta.fuzz.seed=7. */
    private static final int ROUNDS = Integer.getInteger("sta.fuzz.rounds", 20_000);
    private static final long SEED = Long.getLong("sta.fuzz.seed", 123);

    private static final List<byte[]> CERTIFICATES = new ArrayList<>();

    @TempDir
    static Path directory;

    private final X509CertificateParser parser = new X509CertificateParser();
    private final X509Certificate certificate = new X509Certificate();
    private final CertificateMessageParser messageParser = new CertificateMessageParser();
    private final CertificateChain chain = new CertificateChain();
    private final CertificateChainWriter chainWriter = new CertificateChainWriter();
    private final RecordWriter recordWriter = new RecordWriter();
    private final UnsafeBuffer slot = new UnsafeBuffer(new byte[RecordDescriptor.MAX_RECORD_LENGTH]);

    @BeforeAll
    static void extractWithTshark()
    {
        final Set<String> distinct = new LinkedHashSet<>();
        for (final String line : TsharkCertificates.extract(directory, CAPTURES))
        {
            distinct.addAll(List.of(line.split(",")));
        }
        distinct.forEach(hex -> CERTIFICATES.add(HexFormat.of().parseHex(hex)));
    }

    @Test
    void mutatedCertificatesNeverThrowAndReadAsTheJdkReadsThem()
    {
        final Random random = new Random(SEED);
        int accepted = 0;
        int compared = 0;
        for (int round = 0; round < ROUNDS; round++)
        {
            final byte[] original = CERTIFICATES.get(random.nextInt(CERTIFICATES.size()));
            final byte[] mutated = mutate(original, random);
            final boolean parsed = parseAndWrite(mutated);
            accepted += parsed ? 1 : 0;
            final java.security.cert.X509Certificate jdk = round % 8 == 0 ? JdkOracle.parse(mutated) : null;
            // The JDK reads a certificate from a stream and ignores bytes after it; the parser, like Go's
            // x509.ParseCertificate, refuses an entry with trailing data. Compare where there is none.
            if (jdk == null || encodedLength(jdk) != mutated.length)
            {
                continue;
            }
            final String label = "round " + round + " (" + HexFormat.of().formatHex(mutated) + ")";
            assertTrue(parsed, label + ": the JDK reads it, the parser does not");
            if (jdkAnswers(jdk))
            {
                final CertificateChain parsedChain = OpenSslCertificateFieldsTest.parseAsMessage(mutated);
                try
                {
                    JdkOracle.assertLeafMatches(label, parsedChain.leaf(), JdkOracle.record(parsedChain), jdk);
                }
                catch (final java.security.cert.CertificateException ex)
                {
                    throw new AssertionError(label, ex);
                }
                compared++;
            }
        }
        assertTrue(accepted > ROUNDS / 20, "some mutations (in values, not structure) still parse: " + accepted);
        assertTrue(compared > ROUNDS / 200, "the JDK comparison ran " + compared + " times");
    }

    @Test
    void mutatedMessagesNeverThrow()
    {
        final Random random = new Random(SEED + 1);
        for (int round = 0; round < ROUNDS / 4; round++)
        {
            final List<byte[]> certificates = new ArrayList<>();
            final int count = random.nextInt(4);
            for (int i = 0; i < count; i++)
            {
                final byte[] original = CERTIFICATES.get(random.nextInt(CERTIFICATES.size()));
                certificates.add(random.nextBoolean() ? original : mutate(original, random));
            }
            final byte[] body = CertificateMessages.body(certificates);
            final byte[] mutated = random.nextBoolean() ? mutateFraming(body, random) : body;
            final int length = random.nextInt(4) == 0 ? random.nextInt(mutated.length + 1) : mutated.length;
            final UnsafeBuffer buffer = new UnsafeBuffer(Arrays.copyOf(mutated, length));
            messageParser.parse(buffer, 0, length, chain);
            writeRecord(chain);
        }
    }

    /** The JDK decodes some parts only when asked, and then may throw: then it has no answer to compare with. */
    private static boolean jdkAnswers(final java.security.cert.X509Certificate jdk)
    {
        try
        {
            jdk.getSubjectAlternativeNames();
            // A key of an algorithm the JDK does not know is a generic X509Key named after whatever OID it has.
            final java.security.PublicKey key = jdk.getPublicKey();
            if (!(key instanceof java.security.interfaces.RSAKey || key instanceof java.security.interfaces.ECKey ||
                key instanceof java.security.interfaces.DSAKey || key instanceof java.security.interfaces.EdECKey ||
                key instanceof java.security.interfaces.XECKey))
            {
                return false;
            }
            for (final javax.security.auth.x500.X500Principal name : List.of(jdk.getSubjectX500Principal(),
                jdk.getIssuerX500Principal()))
            {
                for (final String type : List.of("CN", "O", "C"))
                {
                    for (final String value : JdkOracle.attribute(name, type))
                    {
                        // The JDK shows NumericString, VisibleString, UniversalString as #hex; the records as text.
                        if (value.startsWith("#12") || value.startsWith("#1a") || value.startsWith("#1c"))
                        {
                            return false;
                        }
                    }
                }
            }
            return true;
        }
        catch (final java.security.cert.CertificateParsingException | RuntimeException ex)
        {
            return false;
        }
    }

    private static int encodedLength(final java.security.cert.X509Certificate certificate)
    {
        try
        {
            return certificate.getEncoded().length;
        }
        catch (final java.security.cert.CertificateEncodingException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private boolean parseAndWrite(final byte[] mutated)
    {
        final boolean parsed = parser.parse(new UnsafeBuffer(mutated), 0, mutated.length, certificate);
        if (parsed)
        {
            recordWriter.begin(slot, 0, slot.capacity(), Dataset.TLS, 0);
            chainWriter.writeCertificate(certificate, recordWriter);
            recordWriter.finish();
        }
        return parsed;
    }

    private void writeRecord(final CertificateChain chain)
    {
        recordWriter.begin(slot, 0, slot.capacity(), Dataset.TLS, 0);
        chainWriter.write(chain, recordWriter);
        recordWriter.finish();
    }

    private static byte[] mutate(final byte[] original, final Random random)
    {
        return switch (random.nextInt(5))
        {
            case 0 -> Arrays.copyOf(original, random.nextInt(original.length));
            case 1 ->
            {
                final byte[] copy = original.clone();
                final int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++)
                {
                    copy[random.nextInt(copy.length)] ^= (byte)(1 << random.nextInt(8));
                }
                yield copy;
            }
            case 2 -> setLength(original, random);
            case 3 ->
            {
                final int at = random.nextInt(original.length);
                final byte[] copy = new byte[original.length + 1];
                System.arraycopy(original, 0, copy, 0, at);
                copy[at] = (byte)random.nextInt(256);
                System.arraycopy(original, at, copy, at + 1, original.length - at);
                yield copy;
            }
            default ->
            {
                final int at = random.nextInt(original.length);
                final byte[] copy = new byte[original.length - 1];
                System.arraycopy(original, 0, copy, 0, at);
                System.arraycopy(original, at + 1, copy, at, original.length - at - 1);
                yield copy;
            }
        };
    }

    /**
     * Replaces the length octets of a random element (found by walking the structure) with a random length in a
     * random form: short, long of one to four octets, indefinite, reserved.
     */
    private static byte[] setLength(final byte[] original, final Random random)
    {
        final List<Integer> lengthOffsets = new ArrayList<>();
        collectLengthOffsets(new DerWalker().wrap(new UnsafeBuffer(original), 0, original.length), lengthOffsets, 0);
        final int at = lengthOffsets.get(random.nextInt(lengthOffsets.size()));
        final int first = original[at] & 0xFF;
        final int oldOctets = first < 0x80 ? 1 : 1 + (first & 0x7F);
        final byte[] replacement = switch (random.nextInt(6))
        {
            case 0 -> new byte[] { (byte)random.nextInt(0x80) };
            case 1 -> new byte[] { (byte)0x81, (byte)random.nextInt(256) };
            case 2 -> new byte[] { (byte)0x82, (byte)random.nextInt(256), (byte)random.nextInt(256) };
            case 3 -> new byte[] { (byte)0x84, (byte)random.nextInt(256), (byte)random.nextInt(256),
                (byte)random.nextInt(256), (byte)random.nextInt(256) };
            case 4 -> new byte[] { (byte)0x80 };
            default -> new byte[] { (byte)0xFF };
        };
        final byte[] copy = new byte[original.length - oldOctets + replacement.length];
        System.arraycopy(original, 0, copy, 0, at);
        System.arraycopy(replacement, 0, copy, at, replacement.length);
        System.arraycopy(original, at + oldOctets, copy, at + replacement.length, original.length - at - oldOctets);
        return copy;
    }

    private static void collectLengthOffsets(final DerWalker walker, final List<Integer> offsets, final int depth)
    {
        while (walker.next())
        {
            offsets.add(walker.elementOffset() + 1);
            if (walker.isConstructed() && depth < 10)
            {
                collectLengthOffsets(walker.enter(new DerWalker()), offsets, depth + 1);
            }
        }
    }

    private static byte[] mutateFraming(final byte[] body, final Random random)
    {
        final byte[] copy = body.clone();
        if (copy.length < 3)
        {
            return copy;
        }
        final int at = random.nextBoolean() ? 0 : random.nextInt(copy.length - 2);
        copy[at] = (byte)random.nextInt(256);
        copy[at + 1] = (byte)random.nextInt(256);
        copy[at + 2] = (byte)random.nextInt(256);
        return copy;
    }
}
