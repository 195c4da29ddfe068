/**
 * Software named from fingerprints: a {@link org.stasensor.pipeline.enrich.software.FingerprintDatabase} of JA3,
 * JA4, HASSH and HASSHServer values loaded from fingerprint files (docs/fingerprints.md), the enrichment that writes
 * {@code tls.client.software} and {@code ssh.*.software_guess}, and the import behind {@code sta fingerprints
 * import}.
 */
package org.stasensor.pipeline.enrich.software;
