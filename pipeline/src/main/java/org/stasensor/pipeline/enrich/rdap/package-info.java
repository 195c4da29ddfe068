/**
 * Registered domains' creation dates over RDAP, for the enrichment stage: {@link
 * org.stasensor.pipeline.enrich.rdap.DomainAgeService} answers from a persistent bounded cache or looks the domain up
 * in the background, never blocking its caller; {@link org.stasensor.pipeline.enrich.rdap.RdapBootstrap} reads IANA's
 * bootstrap registry. Off by default: no request leaves the sensor unless enabled. See docs/rdap.md.
 */
package org.stasensor.pipeline.enrich.rdap;
