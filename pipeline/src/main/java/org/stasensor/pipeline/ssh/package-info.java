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
 *       first KEXINIT parsed in place ({@link org.stasensor.pipeline.ssh.KexInitParser}), where encryption starts;</li>
 *   <li>{@link org.stasensor.pipeline.ssh.SshAlgorithms}: RFC 4253 7.1 negotiation;</li>
 *   <li>{@link org.stasensor.pipeline.ssh.Hassh}: the fingerprints, as salesforce/hassh defines them;</li>
 *   <li>{@link org.stasensor.pipeline.ssh.SshAuthEstimator}: the authentication estimate below.</li>
 * </ul>
 * Nothing allocates per connection; every length is checked against the bytes given, and malformed input makes a
 * parse return false or sets a flag.
 *
 * <h2>Estimating authentication attempts from encrypted sizes</h2>
 * After NEWKEYS the messages are encrypted, but their sizes are not hidden: every message is padded only to the
 * cipher block (8 or 16 bytes, at least 4 bytes of padding, RFC 4253 6) and followed by a MAC or tag of fixed size,
 * and user authentication (RFC 4252) is a strict request/reply dialogue. The estimator sees only the direction and
 * size of each TCP payload after NEWKEYS, groups consecutive payloads of one direction into a turn, and reads each
 * server turn as the reply to the client turn before it:
 * <ol>
 *   <li>Server payloads before the client's first encrypted payload are ignored (SSH_MSG_EXT_INFO, RFC 8308).</li>
 *   <li>The first server turn answers SSH_MSG_SERVICE_REQUEST("ssh-userauth"): SSH_MSG_SERVICE_ACCEPT, a 17-byte
 *       payload. SSH_MSG_USERAUTH_SUCCESS has a 1-byte payload and is therefore exactly
 *       {@value org.stasensor.pipeline.ssh.SshAuthEstimator#SUCCESS_BELOW_ACCEPT} bytes shorter on the wire with any
 *       block size of 8 or 16 and any MAC, length-encrypting, encrypt-then-MAC or AEAD. A server payload of that
 *       size during authentication is a success: the attempt is counted and the estimate is final.</li>
 *   <li>The reply to the client's first request gives the size of SSH_MSG_USERAUTH_FAILURE (its size depends only
 *       on the server's list of methods). Clients first send a "none" request to learn that list (RFC 4252 5.2;
 *       OpenSSH, PuTTY and libssh do), which is not an attempt; it is recognised afterwards because every real
 *       method's request is longer than "none" for the same user (OpenSSH even pads password requests to 64 bytes).
 *       If the next request is not longer, the client skipped the probe and the first failure counts.</li>
 *   <li>Every later reply of the failure size is a failed attempt; a shorter one (not the success size) is also a
 *       failure and becomes the failure size (the first reply was a banner and a failure in one segment). A longer
 *       reply of another size (SSH_MSG_USERAUTH_PK_OK, a keyboard-interactive INFO_REQUEST, a banner) is an
 *       intermediate step: the client's next request continues the same attempt. When such a reply is the last
 *       thing the connection carries, it is counted as a failed attempt: that is OpenSSH's SSH_MSG_DISCONNECT
 *       "Too many authentication failures", which replaces the MaxAuthTries-th failure.</li>
 *   <li>At the end: success if seen; failure if at least one attempt failed; unknown otherwise. After
 *       {@value org.stasensor.pipeline.ssh.SshAuthEstimator#MAX_AUTH_TURNS} server turns without a success the
 *       estimator stops and says unknown.</li>
 * </ol>
 * Attempts are counted as OpenSSH's sshd counts them: the "none" probe is free, every other request answered by
 * failure or success is one, and a public-key query answered by PK_OK and followed by the signed request is one.
 * <p>
 * Where it is blind or wrong (see also the measured accuracy in the project's documentation and in the
 * {@code sshauth} lab test of the appliance module):
 * <ul>
 *   <li>A client that probes a public key, gets PK_OK and leaves without signing is counted as one failed attempt.</li>
 *   <li>Stacks that randomise padding beyond the minimum, or "zlib" compression from NEWKEYS on (not the delayed
 *       {@code zlib@openssh.com}), change the sizes: the result is then mostly unknown, and attempts may be miscounted.</li>
 *   <li>Partial success (several methods required, RFC 4252 5.1) sends a failure with a shorter list, counted as a
 *       failed attempt.</li>
 *   <li>A client that sends SERVICE_REQUEST and its first USERAUTH_REQUEST without waiting, or a server that puts
 *       SERVICE_ACCEPT and another message in one TCP segment, defeats the success size.</li>
 *   <li>A client that skips "none" and sends a single request that fails is reported as 0 attempts, unknown.</li>
 * </ul>
 * Zeek's SSH analyzer uses the same two size relations (success = SERVICE_ACCEPT - 16, repeated failure size); this
 * estimator adds the turn structure, the "none" probe test, the banner correction and the final-disconnect rule.
 */
package org.stasensor.pipeline.ssh;
