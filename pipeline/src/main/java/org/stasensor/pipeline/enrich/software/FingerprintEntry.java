package org.stasensor.pipeline.enrich.software;

import java.nio.charset.StandardCharsets;

/**
 * What one fingerprint names: the software, its version or version range, a category and the list that said so.
 * Immutable; the UTF-8 forms of the values are made once so that records are written without allocation.
 *
 * @see FingerprintDatabase
 */
public final class FingerprintEntry
{
    private final FingerprintKind kind;
    private final String fingerprint;
    private final String software;
    private final String version;
    private final String category;
    private final String source;
    private final byte[] softwareBytes;
    private final byte[] versionBytes;
    private final byte[] categoryBytes;
    private final byte[] sourceTagBytes;

    /**
     * An entry.
     *
     * @param kind        the fingerprint's kind.
     * @param fingerprint the fingerprint, lowercase.
     * @param software    software name; several joined with " | " when the list names several.
     * @param version     version or range, "" when the list does not say.
     * @param category    browser, library, tool, malware, scanner, server, ...; "" when the list does not say.
     * @param source      name of the list, e.g. "salesforce-ja3".
     */
    public FingerprintEntry(final FingerprintKind kind, final String fingerprint, final String software,
        final String version, final String category, final String source)
    {
        this.kind = kind;
        this.fingerprint = fingerprint;
        this.software = software;
        this.version = version;
        this.category = category;
        this.source = source;
        this.softwareBytes = software.getBytes(StandardCharsets.UTF_8);
        this.versionBytes = version.getBytes(StandardCharsets.UTF_8);
        this.categoryBytes = category.getBytes(StandardCharsets.UTF_8);
        this.sourceTagBytes = (kind.token() + ":" + source).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The fingerprint's kind.
     *
     * @return the kind.
     */
    public FingerprintKind kind()
    {
        return kind;
    }

    /**
     * The fingerprint, lowercase.
     *
     * @return the text.
     */
    public String fingerprint()
    {
        return fingerprint;
    }

    /**
     * Software name.
     *
     * @return e.g. "curl", or "Amazon Music | Dreamweaver | Spotify" when one fingerprint names several.
     */
    public String software()
    {
        return software;
    }

    /**
     * Version or version range.
     *
     * @return the text, "" when unknown.
     */
    public String version()
    {
        return version;
    }

    /**
     * Category.
     *
     * @return the text, "" when unknown.
     */
    public String category()
    {
        return category;
    }

    /**
     * The list that named the software.
     *
     * @return e.g. "sta-lab".
     */
    public String source()
    {
        return source;
    }

    /**
     * The value of the {@code *_source} record fields: kind and list, e.g. "ja4:sta-lab".
     *
     * @return the text. Allocates.
     */
    public String sourceTag()
    {
        return new String(sourceTagBytes, StandardCharsets.UTF_8);
    }

    byte[] softwareBytes()
    {
        return softwareBytes;
    }

    byte[] versionBytes()
    {
        return versionBytes;
    }

    byte[] categoryBytes()
    {
        return categoryBytes;
    }

    byte[] sourceTagBytes()
    {
        return sourceTagBytes;
    }

    /**
     * The entry as one line of a fingerprint file (tab-separated, no line end).
     *
     * @return the line.
     */
    public String toLine()
    {
        return kind.token() + '\t' + fingerprint + '\t' + software + '\t' + version + '\t' + category + '\t' + source;
    }

    @Override
    public String toString()
    {
        return toLine();
    }
}
