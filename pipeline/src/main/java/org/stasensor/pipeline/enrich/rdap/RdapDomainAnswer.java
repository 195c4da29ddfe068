package org.stasensor.pipeline.enrich.rdap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Reads the creation date out of an RDAP domain object (RFC 9083 section 5.3): the {@code eventDate} of the
 * {@code events} member whose {@code eventAction} is {@code "registration"} (RFC 9083 section 4.5; event actions
 * registered in RFC 9083 section 10.2.3). Dates are RFC 3339 date-times; a few registries leave out the offset, which
 * is read as UTC.
 */
final class RdapDomainAnswer
{
    /** RFC 9083 section 10.2.3: "the object instance was initially registered". */
    static final String REGISTRATION = "registration";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DomainAgeStatus status;
    private long creationEpochMillis;
    private String reason;

    /**
     * Reads one answer body of status 200.
     *
     * @param body the bytes received.
     * @return this, with {@link #status()}: FOUND, NO_EVENT or ERROR (reason "broken json", "not a domain object",
     *         "bad registration date").
     */
    RdapDomainAnswer read(final byte[] body)
    {
        status = DomainAgeStatus.ERROR;
        creationEpochMillis = DomainAgeResult.NO_DATE;
        final JsonNode root;
        try
        {
            root = JSON.readTree(body);
        }
        catch (final JsonProcessingException ex)
        {
            reason = "broken json";
            return this;
        }
        catch (final IOException ex)
        {
            reason = "broken json";
            return this;
        }
        if (root == null || !root.isObject())
        {
            reason = "not a domain object";
            return this;
        }
        final JsonNode events = root.get("events");
        if (events != null && events.isArray())
        {
            for (final JsonNode event : events)
            {
                if (event.isObject() && REGISTRATION.equalsIgnoreCase(event.path("eventAction").asText("")))
                {
                    final long millis = parseDate(event.path("eventDate").asText(""));
                    if (millis == DomainAgeResult.NO_DATE)
                    {
                        reason = "bad registration date";
                        return this;
                    }
                    status = DomainAgeStatus.FOUND;
                    creationEpochMillis = millis;
                    reason = "registration event";
                    return this;
                }
            }
        }
        status = DomainAgeStatus.NO_EVENT;
        reason = "no registration event";
        return this;
    }

    /**
     * An RFC 3339 date-time as epoch milliseconds.
     *
     * @param text e.g. "1990-12-31T23:59:59Z" or "2021-04-03T10:11:12+02:00".
     * @return the moment, or {@link DomainAgeResult#NO_DATE} when it is not a date-time.
     */
    static long parseDate(final String text)
    {
        try
        {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        }
        catch (final DateTimeException ex)
        {
            try
            {
                return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC)
                    .toEpochMilli();
            }
            catch (final DateTimeException notLocal)
            {
                return DomainAgeResult.NO_DATE;
            }
        }
    }

    DomainAgeStatus status()
    {
        return status;
    }

    long creationEpochMillis()
    {
        return creationEpochMillis;
    }

    String reason()
    {
        return reason;
    }
}
