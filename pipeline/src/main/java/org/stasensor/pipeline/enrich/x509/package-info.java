/**
 * Certificate validation for {@code tls.server.validation}: trust anchors loaded from a PEM bundle, a directory or a
 * keystore ({@link org.stasensor.pipeline.enrich.x509.TrustAnchors}), the JDK's PKIX path building judged at capture
 * time with a cache per leaf ({@link org.stasensor.pipeline.enrich.x509.CertificateValidator}), and the enrichment
 * that writes the outcome into TLS records
 * ({@link org.stasensor.pipeline.enrich.x509.CertificateValidationEnrichment}). docs/certificate-validation.md
 * describes the choices.
 */
package org.stasensor.pipeline.enrich.x509;
