package org.stasensor.pipeline.enrich;

import org.agrona.DirectBuffer;

/** How machine-generated a registered domain looks, 0..1: the DGA model behind {@link DomainEnrichment}. */
@FunctionalInterface
public interface DomainScorer
{
    /**
     * Scores one registered domain.
     *
     * @param name   holds it, lowercase, e.g. {@code example.co.uk}.
     * @param offset where it starts.
     * @param length its length.
     * @return 0 (a name people chose) .. 1 (generated); thread-safe and allocation-free.
     */
    double score(DirectBuffer name, int offset, int length);
}
