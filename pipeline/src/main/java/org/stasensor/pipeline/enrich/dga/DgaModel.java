package org.stasensor.pipeline.enrich.dga;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import org.agrona.DirectBuffer;

/**
 * Scores how likely a registered domain's label was made by a domain generation algorithm (DGA): 0 (looks like a
 * name people chose) to 1 (looks generated). The model is gradient-boosted oblivious trees over
 * {@link LabelFeatures}, which combine two character trigram models (benign and DGA), the label's composition and
 * a dictionary-word segmentation with word commonness. See {@code docs/dga.md} for training and measured accuracy.
 *
 * <p>Thread-safe: the model is immutable and each thread scores with its own scratch {@link LabelFeatures}. Scoring
 * does not allocate once a thread has scored one name.
 *
 * <p>File format (big-endian, as {@link DataOutputStream} writes):
 * <pre>
 *   magic        8 bytes  "STA-DGA\0"
 *   version      int      1
 *   alphabet     int      {@link LabelAlphabet#SIZE}
 *   features     int      {@link LabelFeatures#COUNT}
 *   benign       short[{@link CharTrigramModel#TABLE_LENGTH}]  log P * {@link CharTrigramModel#SCALE}
 *   dga          short[{@link CharTrigramModel#TABLE_LENGTH}]  the same for DGA labels
 *   wordCount    int
 *   words        wordCount x (byte shared prefix with the previous word, byte suffix length, suffix bytes,
 *                byte weight 0..{@link WordDictionary#MAX_WEIGHT})
 *   depth        int      levels of splits per tree
 *   trees        int
 *   bias         double
 *   per tree     depth x (int feature, double threshold), then 2^depth x double leaf ({@link TreeEnsemble})
 *   crc32        int      CRC-32 of every byte before it, magic included
 * </pre>
 */
public final class DgaModel
{
    /** The resource name of the shipped model, beside this class. */
    public static final String BUNDLED_RESOURCE = "dga-model.bin";
    /** The current file format version. */
    public static final int VERSION = 1;

    private static final byte[] MAGIC = "STA-DGA\0".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_WORDS = 1 << 20;
    private static final int MAX_TREES = 1 << 16;

    private final CharTrigramModel benign;
    private final CharTrigramModel dga;
    private final WordDictionary dictionary;
    private final TreeEnsemble trees;
    private final ThreadLocal<LabelFeatures> scratch;

    /**
     * Assembles a model from its parts (used by training).
     *
     * @param benign     the benign character model.
     * @param dga        the DGA character model.
     * @param dictionary the segmentation words.
     * @param trees      the boosted trees.
     */
    public DgaModel(final CharTrigramModel benign, final CharTrigramModel dga, final WordDictionary dictionary,
        final TreeEnsemble trees)
    {
        this.benign = benign;
        this.dga = dga;
        this.dictionary = dictionary;
        this.trees = trees;
        this.scratch = ThreadLocal.withInitial(() -> new LabelFeatures(benign, dga, dictionary));
    }

    /**
     * The model shipped in the jar.
     *
     * @return the bundled model.
     * @throws UncheckedIOException if the resource is missing or damaged (a build error).
     */
    public static DgaModel bundled()
    {
        try (InputStream in = DgaModel.class.getResourceAsStream(BUNDLED_RESOURCE))
        {
            if (in == null)
            {
                throw new IOException("resource " + BUNDLED_RESOURCE + " missing beside " + DgaModel.class.getName() +
                    "; run bin/train-dga");
            }
            return load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot load the bundled DGA model", ex);
        }
    }

    /**
     * Reads a model file.
     *
     * @param in the file's bytes; not closed (it may be read past the end of the model).
     * @return the model.
     * @throws IOException if the stream is not a model file of this version, is truncated or fails its checksum.
     */
    public static DgaModel load(final InputStream in) throws IOException
    {
        final CRC32 crc = new CRC32();
        final DataInputStream data = new DataInputStream(new CheckedInputStream(new BufferedInputStream(in), crc));
        try
        {
            final byte[] magic = new byte[MAGIC.length];
            data.readFully(magic);
            if (!Arrays.equals(magic, MAGIC))
            {
                throw new IOException("not a DGA model file: it does not start with \"STA-DGA\"");
            }
            final int version = data.readInt();
            if (version != VERSION)
            {
                throw new IOException("DGA model file version " + version + ", this build reads version " + VERSION);
            }
            expect(data.readInt(), LabelAlphabet.SIZE, "alphabet size");
            expect(data.readInt(), LabelFeatures.COUNT, "feature count");
            final CharTrigramModel benign = new CharTrigramModel(readShorts(data));
            final CharTrigramModel dga = new CharTrigramModel(readShorts(data));
            final WordDictionary dictionary = readWords(data);
            final TreeEnsemble trees = readTrees(data);
            final int expected = (int)crc.getValue();
            final int stored = data.readInt();
            if (stored != expected)
            {
                throw new IOException("DGA model file is corrupt: CRC-32 " + Integer.toHexString(stored) +
                    " stored, " + Integer.toHexString(expected) + " computed");
            }
            return new DgaModel(benign, dga, dictionary, trees);
        }
        catch (final EOFException ex)
        {
            throw new IOException("DGA model file is truncated", ex);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IOException("DGA model file is corrupt: " + ex.getMessage(), ex);
        }
    }

    /**
     * Writes this model in the file format above.
     *
     * @param out where to write; flushed, not closed.
     * @throws IOException if writing fails.
     */
    public void write(final OutputStream out) throws IOException
    {
        final CRC32 crc = new CRC32();
        final DataOutputStream data = new DataOutputStream(new CheckedOutputStream(out, crc));
        data.write(MAGIC);
        data.writeInt(VERSION);
        data.writeInt(LabelAlphabet.SIZE);
        data.writeInt(LabelFeatures.COUNT);
        for (final short value : benign.quantised())
        {
            data.writeShort(value);
        }
        for (final short value : dga.quantised())
        {
            data.writeShort(value);
        }
        final String[] words = dictionary.words();
        final byte[] weights = dictionary.weights();
        data.writeInt(words.length);
        String previous = "";
        for (int w = 0; w < words.length; w++)
        {
            final String word = words[w];
            int shared = 0;
            final int common = Math.min(previous.length(), word.length());
            while (shared < common && previous.charAt(shared) == word.charAt(shared))
            {
                shared++;
            }
            data.writeByte(shared);
            data.writeByte(word.length() - shared);
            data.write(word.substring(shared).getBytes(StandardCharsets.US_ASCII));
            data.writeByte(weights[w]);
            previous = word;
        }
        final int depth = trees.depth();
        final int internal = depth;
        final int leafCount = 1 << depth;
        final int[] features = trees.splitFeatures();
        final double[] thresholds = trees.splitThresholds();
        final double[] leaves = trees.leafValues();
        final int count = features.length / internal;
        data.writeInt(depth);
        data.writeInt(count);
        data.writeDouble(trees.bias());
        for (int tree = 0; tree < count; tree++)
        {
            for (int i = 0; i < internal; i++)
            {
                data.writeInt(features[tree * internal + i]);
                data.writeDouble(thresholds[tree * internal + i]);
            }
            for (int i = 0; i < leafCount; i++)
            {
                data.writeDouble(leaves[tree * leafCount + i]);
            }
        }
        data.flush();
        final int checksum = (int)crc.getValue();
        final DataOutputStream tail = new DataOutputStream(out);
        tail.writeInt(checksum);
        tail.flush();
    }

    /**
     * Scores a registered domain.
     *
     * @param name   holds the registered domain, e.g. {@code example.co.uk}; any bytes are tolerated.
     * @param offset where it starts.
     * @param length its length in bytes; the label judged is everything before the first '.'.
     * @return 0 (chosen by people) to 1 (machine-generated).
     */
    public double score(final DirectBuffer name, final int offset, final int length)
    {
        final double logOdds = trees.logOdds(scratch.get().extract(name, offset, length));
        return 1.0 / (1.0 + Math.exp(-logOdds));
    }

    /**
     * The dictionary used for segmentation.
     *
     * @return the words.
     */
    public WordDictionary dictionary()
    {
        return dictionary;
    }

    /**
     * The benign character model.
     *
     * @return the model.
     */
    public CharTrigramModel benignModel()
    {
        return benign;
    }

    /**
     * The DGA character model.
     *
     * @return the model.
     */
    public CharTrigramModel dgaModel()
    {
        return dga;
    }

    private static void expect(final int actual, final int expected, final String what) throws IOException
    {
        if (actual != expected)
        {
            throw new IOException("DGA model file has " + what + " " + actual + ", this build needs " + expected);
        }
    }

    private static short[] readShorts(final DataInputStream data) throws IOException
    {
        final short[] table = new short[CharTrigramModel.TABLE_LENGTH];
        for (int i = 0; i < table.length; i++)
        {
            table[i] = data.readShort();
        }
        return table;
    }

    private static WordDictionary readWords(final DataInputStream data) throws IOException
    {
        final int count = data.readInt();
        if (count < 0 || count > MAX_WORDS)
        {
            throw new IOException("DGA model file is corrupt: " + count + " words");
        }
        final String[] words = new String[count];
        final byte[] weights = new byte[count];
        final byte[] buffer = new byte[WordDictionary.MAX_WORD_LENGTH];
        int previousLength = 0;
        for (int i = 0; i < count; i++)
        {
            final int shared = data.readUnsignedByte();
            final int suffix = data.readUnsignedByte();
            if (shared > previousLength || shared + suffix > buffer.length)
            {
                throw new IOException("DGA model file is corrupt at word " + i);
            }
            data.readFully(buffer, shared, suffix);
            previousLength = shared + suffix;
            words[i] = new String(buffer, 0, previousLength, StandardCharsets.US_ASCII);
            weights[i] = data.readByte();
        }
        return new WordDictionary(words, weights);
    }

    private static TreeEnsemble readTrees(final DataInputStream data) throws IOException
    {
        final int depth = data.readInt();
        final int count = data.readInt();
        if (depth < 1 || depth > 8 || count < 0 || count > MAX_TREES)
        {
            throw new IOException("DGA model file is corrupt: " + count + " trees of depth " + depth);
        }
        final double bias = data.readDouble();
        final int internal = depth;
        final int leafCount = 1 << depth;
        final int[] features = new int[count * internal];
        final double[] thresholds = new double[count * internal];
        final double[] leaves = new double[count * leafCount];
        for (int tree = 0; tree < count; tree++)
        {
            for (int i = 0; i < internal; i++)
            {
                features[tree * internal + i] = data.readInt();
                thresholds[tree * internal + i] = data.readDouble();
            }
            for (int i = 0; i < leafCount; i++)
            {
                leaves[tree * leafCount + i] = data.readDouble();
            }
        }
        return new TreeEnsemble(depth, bias, features, thresholds, leaves);
    }
}
