package org.stasensor.pipeline.x509;

/**
 * The attributes of one distinguished name (issuer or subject, RFC 5280 4.1.2.4) that records carry: CN, O and C,
 * each possibly several times, in DER order. Values are not copied: each entry is an offset and length into the
 * certificate's buffer plus the string tag that says how to read them (UTF8String, PrintableString, IA5String,
 * T61String, BMPString...). Reused for every certificate; at most {@link #MAX_ENTRIES} entries are kept and the
 * rest counted in {@link #dropped()}.
 */
public final class X509Name
{
    /** Entries kept per name; most names have a handful, some real ones dozens of CNs, a hostile one thousands. */
    public static final int MAX_ENTRIES = 64;

    /** Attribute commonName, 2.5.4.3. */
    public static final int COMMON_NAME = 1;
    /** Attribute organizationName, 2.5.4.10. */
    public static final int ORGANIZATION = 2;
    /** Attribute countryName, 2.5.4.6. */
    public static final int COUNTRY = 3;

    private final int[] attribute = new int[MAX_ENTRIES];
    private final int[] valueTag = new int[MAX_ENTRIES];
    private final int[] elementOffset = new int[MAX_ENTRIES];
    private final int[] valueOffset = new int[MAX_ENTRIES];
    private final int[] valueLength = new int[MAX_ENTRIES];
    private int count;
    private int dropped;
    private int derOffset;
    private int derLength;

    void reset()
    {
        count = 0;
        dropped = 0;
        derOffset = 0;
        derLength = 0;
    }

    void der(final int offset, final int length)
    {
        derOffset = offset;
        derLength = length;
    }

    void add(final int attribute, final int valueTag, final int elementOffset, final int valueOffset,
        final int valueLength)
    {
        if (count == MAX_ENTRIES)
        {
            dropped++;
            return;
        }
        this.attribute[count] = attribute;
        this.valueTag[count] = valueTag;
        this.elementOffset[count] = elementOffset;
        this.valueOffset[count] = valueOffset;
        this.valueLength[count] = valueLength;
        count++;
    }

    /**
     * Entries kept.
     *
     * @return 0..{@link #MAX_ENTRIES}.
     */
    public int count()
    {
        return count;
    }

    /**
     * CN, O or C entries beyond {@link #MAX_ENTRIES}.
     *
     * @return how many were not kept.
     */
    public int dropped()
    {
        return dropped;
    }

    /**
     * Which attribute an entry is.
     *
     * @param index 0..count-1.
     * @return {@link #COMMON_NAME}, {@link #ORGANIZATION} or {@link #COUNTRY}.
     */
    public int attribute(final int index)
    {
        return attribute[index];
    }

    /**
     * The ASN.1 tag of an entry's value, e.g. {@link DerWalker#TAG_UTF8_STRING}.
     *
     * @param index 0..count-1.
     * @return the identifier octet.
     */
    public int valueTag(final int index)
    {
        return valueTag[index];
    }

    /**
     * Where an entry's value element (its tag) starts in the certificate's buffer, for rendering a value of
     * an unknown type as RFC 4514 "#" and the hex of its encoding.
     *
     * @param index 0..count-1.
     * @return the offset.
     */
    public int elementOffset(final int index)
    {
        return elementOffset[index];
    }

    /**
     * Where an entry's value bytes start in the certificate's buffer.
     *
     * @param index 0..count-1.
     * @return the offset.
     */
    public int valueOffset(final int index)
    {
        return valueOffset[index];
    }

    /**
     * Length of an entry's value bytes.
     *
     * @param index 0..count-1.
     * @return bytes, in the encoding {@link #valueTag(int)} names.
     */
    public int valueLength(final int index)
    {
        return valueLength[index];
    }

    /**
     * The last entry of an attribute, the one Go's pkix.Name keeps as its single CommonName.
     *
     * @param attribute {@link #COMMON_NAME}, {@link #ORGANIZATION} or {@link #COUNTRY}.
     * @return the entry index or -1 when the name has none.
     */
    public int last(final int attribute)
    {
        for (int i = count - 1; i >= 0; i--)
        {
            if (this.attribute[i] == attribute)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where the whole Name (the SEQUENCE, tag and length included) starts.
     *
     * @return the offset in the certificate's buffer.
     */
    public int derOffset()
    {
        return derOffset;
    }

    /**
     * Length of the whole Name encoding.
     *
     * @return bytes.
     */
    public int derLength()
    {
        return derLength;
    }
}
