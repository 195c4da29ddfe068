package org.stasensor.pipeline.record;

/**
 * The record types, one per protocol as in Zeek's logs, named as in ECS {@code event.dataset}.
 */
public enum Dataset
{
    /** A TLS handshake: client and server hello, certificate chain. */
    TLS(1, "tls"),
    /** An SSH handshake: banners, KEXINITs, negotiated algorithms, authentication estimate. */
    SSH(2, "ssh"),
    /** A DNS message, or a query matched with its answer. */
    DNS(3, "dns"),
    /** A QUIC Initial with its TLS ClientHello. */
    QUIC(4, "quic"),
    /** A finished or evicted flow: bytes, packets, duration, application protocol. */
    FLOW(5, "flow"),
    /** A detection. */
    ALERT(6, "alert"),
    /** A late enrichment result: a registered domain's creation date that arrived after the records naming it. */
    DOMAIN(7, "domain");

    private static final Dataset[] BY_CODE = new Dataset[8];

    static
    {
        for (final Dataset dataset : values())
        {
            BY_CODE[dataset.code] = dataset;
        }
    }

    private final int code;
    private final String id;

    Dataset(final int code, final String id)
    {
        this.code = code;
        this.id = id;
    }

    /**
     * The byte stored in a record header.
     *
     * @return the code, 1..7.
     */
    public int code()
    {
        return code;
    }

    /**
     * The ECS {@code event.dataset} value.
     *
     * @return e.g. "tls".
     */
    public String id()
    {
        return id;
    }

    /**
     * The dataset of a header code.
     *
     * @param code the header byte.
     * @return the dataset, or null for an unknown code.
     */
    public static Dataset ofCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * The dataset with an ECS id.
     *
     * @param id e.g. "tls".
     * @return the dataset, or null when no dataset has that id.
     */
    public static Dataset ofId(final String id)
    {
        for (final Dataset dataset : values())
        {
            if (dataset.id.equals(id))
            {
                return dataset;
            }
        }
        return null;
    }
}
