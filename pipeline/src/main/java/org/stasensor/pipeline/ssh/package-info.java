/**
 * SSH (RFC 4253) from the clear start of a connection: identification lines, binary packets up to NEWKEYS, the two
 * first KEXINITs, the negotiated algorithms, HASSH and HASSHServer, and after NEWKEYS an estimate of the
 * authentication attempts from encrypted packet sizes. Nothing here decrypts anything.
 *
 * <h2>Input</h2>
 * Each direction is given as the reassembled bytes of that direction of the TCP stream from its first byte,
 * contiguous, as far as they go (a handshake buffer of a few KB is plenty: OpenSSH's clear part is about 3 KB each
 * way). {@link org.stasensor.pipeline.ssh.SshHandshake} reads both directions; its parts can be used alone:
 * <ul>
 *   <li>{@link org.stasensor.pipeline.ssh.SshIdentificationParser}: the protocol test
 *       ({@code looksLikeSsh}: "SSH-" at the very start) and the identification line with the lines a server may
 *       send before it (RFC 4253 4.2);</li>
 *   <li>{@link org.stasensor.pipeline.ssh.SshDirection}: binary packet framing (RFC 4253 6) up to NEWKEYS, the
 *       first KEXINIT parsed in place ({@link org.stasensor.pipeline.ssh.KexInitParser}), where encryption
 *       starts;</li>
 *   <li>{@link org.stasensor.pipeline.ssh.SshAlgorithms}: RFC 4253 7.1 negotiation;</li>
 *   <li>{@link org.stasensor.pipeline.ssh.Hassh}: the fingerprints, as salesforce/hassh defines them;</li>
 *   <li>{@link org.stasensor.pipeline.ssh.SshAuthEstimator}: the authentication estimate below.</li>
 * </ul>
 * Nothing allocates per connection; every length is checked against the bytes given, and malformed input makes a
 * parse return false or sets a flag.
 *
 * <h2>Authentication estimate</h2>
 * {@link org.stasensor.pipeline.ssh.SshAuthEstimator} reads attempts and outcome from encrypted packet sizes; the
 * method, its measured accuracy and its blind spots are in {@code docs/ssh-auth.md}.
 */
package org.stasensor.pipeline.ssh;
