/**
 * DNS (RFC 1035 and its extensions) from single messages, over UDP or TCP: parsed in place without allocating, and
 * written into a record per message, Suricata eve style.
 * <ul>
 *   <li>{@link org.stasensor.pipeline.dns.DnsMessageParser} fills a reused
 *       {@link org.stasensor.pipeline.dns.DnsMessage}: header flags, questions, the answer, authority and additional
 *       sections, the EDNS OPT record with Client Subnet; names through
 *       {@link org.stasensor.pipeline.dns.DnsNames}, which bounds every walk (backward pointers only, at most 127 of
 *       them, 255 octets) so that loops and overlong names are flagged, never followed;</li>
 *   <li>{@link org.stasensor.pipeline.dns.DnsTcpFraming} cuts a TCP direction into its length-prefixed
 *       messages;</li>
 *   <li>{@link org.stasensor.pipeline.dns.DnsRecordWriter} writes the {@code dns.*} fields (with
 *       {@link org.stasensor.pipeline.domain.PublicSuffixList} for the registered domain) into a record;</li>
 *   <li>{@link org.stasensor.pipeline.dns.DnsQueryTimes} remembers when each query was seen, so that the packet
 *       path can put {@code dns.response_latency} on its response.</li>
 * </ul>
 * Hostile bytes are the normal case: a malformed message makes a parse return false or sets
 * {@link org.stasensor.pipeline.dns.DnsMessage#malformed()} bits, which the writer turns into {@code sta.flags}.
 */
package org.stasensor.pipeline.dns;
