/**
 * Domain names as organisations see them: {@link org.stasensor.pipeline.domain.PublicSuffixList} splits a name into
 * its public suffix ({@code co.uk}) and registered domain ({@code example.co.uk}) with the Public Suffix List, for
 * the DNS records' {@code dns.question.top_level_domain} and {@code dns.question.registered_domain} and for
 * enrichment that works per registered domain (domain age, DGA score). Loaded once, immutable, shared by all
 * workers; matching allocates nothing.
 */
package org.stasensor.pipeline.domain;
