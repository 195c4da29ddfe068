package org.stasensor.pipeline.enrich.geo;

/** What the databases know of one address; a reusable holder. */
public final class GeoAnswer
{
    /** ISO 3166 alpha-2 country, or null. */
    String country;
    /** AS number, 0 when unknown. */
    long asNumber;
    /** AS organisation, or null. */
    String asOrganization;

    /**
     * The country.
     *
     * @return ISO 3166 alpha-2 code, or null.
     */
    public String country()
    {
        return country;
    }

    /**
     * The AS number.
     *
     * @return the number, 0 when unknown.
     */
    public long asNumber()
    {
        return asNumber;
    }

    /**
     * The AS organisation.
     *
     * @return the name, or null.
     */
    public String asOrganization()
    {
        return asOrganization;
    }

    void clear()
    {
        country = null;
        asNumber = 0;
        asOrganization = null;
    }
}
