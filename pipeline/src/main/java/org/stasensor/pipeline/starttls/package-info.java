/**
 * TLS that starts after a clear-text dialogue on the same connection: SMTP and IMAP STARTTLS, POP3 STLS, FTP
 * AUTH TLS, XMPP starttls/proceed and the LDAP StartTLS extended operation. {@link
 * org.stasensor.pipeline.starttls.StartTlsRecognition} names the protocol from the port and the first bytes;
 * {@link org.stasensor.pipeline.starttls.StartTlsDialogue} follows the dialogue, bounded, until the server accepts
 * or refuses the upgrade, and says where TLS starts in each direction, so that the TLS scanner and record builder
 * read the handshake exactly as on a TLS-first connection. What is followed and what is not: {@code
 * docs/starttls.md}.
 */
package org.stasensor.pipeline.starttls;
