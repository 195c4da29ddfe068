package org.stasensor.pipeline.enrich.rdap;

/**
 * The outcome of one completed lookup, handed to the service's update consumer so that the sensor can journal a
 * record of dataset {@code domain} for consumers to join on {@code domain.registered_domain} (docs/rdap.md).
 *
 * @param registeredDomain    the domain looked up, lower case, e.g. "example.com".
 * @param status              the outcome, never {@link DomainAgeStatus#PENDING}.
 * @param creationEpochMillis the registration date when found, else {@link DomainAgeResult#NO_DATE}.
 * @param reason              for logs and metrics: e.g. "registration event", "http 503", "timeout", "broken json".
 */
public record DomainAgeUpdate(String registeredDomain, DomainAgeStatus status, long creationEpochMillis,
    String reason)
{
}
