/**
 * QUIC Initial packets (RFC 9000, RFC 9001; version 2, RFC 9369): the client's Initial packets are opened with the
 * keys every observer can derive from the connection id, their CRYPTO frames reassembled into the TLS ClientHello,
 * and that hello fingerprinted by the TLS package (SNI, ALPN, JA3, JA4 with the 'q' transport).
 * <p>
 * Use per worker: a {@link org.stasensor.pipeline.quic.QuicInitialSessions} pool, a
 * {@link org.stasensor.pipeline.quic.QuicInitialInspector} fed the client's datagrams of a flow that
 * {@link org.stasensor.pipeline.quic.QuicInitialInspector#looksLikeClientInitial looks like QUIC}, and a
 * {@link org.stasensor.pipeline.quic.QuicRecordWriter} when the inspector reports the hello whole or lost.
 */
package org.stasensor.pipeline.quic;
