package org.stasensor.pipeline.inspect;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.record.Field;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordWriter;
import org.stasensor.pipeline.ssh.Hassh;
import org.stasensor.pipeline.ssh.SshAlgorithms;
import org.stasensor.pipeline.ssh.SshAuthEstimator;
import org.stasensor.pipeline.ssh.SshDirection;
import org.stasensor.pipeline.ssh.SshHandshake;
import org.stasensor.pipeline.ssh.SshIdentification;
import org.stasensor.pipeline.tcp.StreamFlags;

/**
 * Follows one SSH connection for the inspector: the clear handshake from the reassembled streams, then, once a
 * direction has sent NEWKEYS, the sizes of its new bytes segment by segment for {@link SshAuthEstimator}. The
 * per-connection state lives in the handshake session's protocol area ({@link #STATE_LENGTH} bytes), so the
 * session is held until the estimate is decided or the flow ends; the record is written then.
 */
final class SshInspection
{
    /** Bytes of protocol state per connection. */
    static final int STATE_LENGTH = 16 + SshAuthEstimator.STATE_LENGTH;

    private static final int CLIENT = 0;
    private static final int SERVER = 1;
    /** Per direction: stream length where encryption starts, -1 until NEWKEYS is seen. */
    private static final int CLEAR_LENGTH = 0;
    /** Per direction: stream bytes already given to the estimator. */
    private static final int FED = 8;
    private static final int ESTIMATOR = 16;
    /** Longest pre-banner kept: RFC 4253 4.2 allows lines of 255 bytes, a few of them make a message. */
    private static final int MAX_PRE_BANNER = 1024;
    private static final int STUCK = SshDirection.FLAG_NOT_SSH | SshDirection.FLAG_NOT_SSH2
        | SshDirection.FLAG_MALFORMED | SshDirection.FLAG_KEXINIT_MALFORMED;

    private final SshHandshake handshake = new SshHandshake();

    /**
     * Clears the state for a new connection.
     *
     * @param state  the sessions' state buffer.
     * @param offset the connection's protocol area.
     */
    void reset(final UnsafeBuffer state, final int offset)
    {
        state.putInt(offset + CLEAR_LENGTH, -1);
        state.putInt(offset + CLEAR_LENGTH + 4, -1);
        state.putInt(offset + FED, 0);
        state.putInt(offset + FED + 4, 0);
        SshAuthEstimator.reset(state, offset + ESTIMATOR);
    }

    /**
     * A segment of one direction was reassembled.
     *
     * @param state        the sessions' state buffer.
     * @param offset       the connection's protocol area.
     * @param direction    0 client, 1 server: who sent the segment.
     * @param streams      the reassembled streams.
     * @param clientOffset where the client's stream starts.
     * @param clientLength its contiguous bytes.
     * @param serverOffset where the server's stream starts.
     * @param serverLength its contiguous bytes.
     * @return true when the record can be written now: the estimate is decided or the handshake cannot go on.
     */
    boolean onSegment(final UnsafeBuffer state, final int offset, final int direction, final DirectBuffer streams,
        final int clientOffset, final int clientLength, final int serverOffset, final int serverLength)
    {
        final int clearAt = offset + CLEAR_LENGTH + 4 * direction;
        if (state.getInt(clearAt) < 0)
        {
            handshake.parse(streams, clientOffset, clientLength, streams, serverOffset, serverLength);
            final SshDirection clientSide = handshake.client();
            final SshDirection serverSide = handshake.server();
            if (((clientSide.flags() | serverSide.flags()) & STUCK) != 0)
            {
                return true;
            }
            state.putInt(offset + CLEAR_LENGTH, clientSide.clearLength());
            state.putInt(offset + CLEAR_LENGTH + 4, serverSide.clearLength());
        }
        final int clear = state.getInt(clearAt);
        if (clear >= 0)
        {
            final int fedAt = offset + FED + 4 * direction;
            final int contiguous = direction == CLIENT ? clientLength : serverLength;
            final int fresh = contiguous - Math.max(clear, state.getInt(fedAt));
            if (fresh > 0)
            {
                SshAuthEstimator.onPayload(state, offset + ESTIMATOR, direction == CLIENT, fresh);
            }
            state.putInt(fedAt, Math.max(state.getInt(fedAt), contiguous));
        }
        return SshAuthEstimator.isDecided(state, offset + ESTIMATOR);
    }

    /**
     * Writes the SSH record's fields from the streams and the estimator, which is finished first.
     *
     * @param writer       a record begun as dataset ssh.
     * @param state        the sessions' state buffer.
     * @param offset       the connection's protocol area.
     * @param streams      the reassembled streams.
     * @param clientOffset where the client's stream starts.
     * @param clientLength its contiguous bytes.
     * @param clientFlags  the client stream's {@code StreamState} flags.
     * @param serverOffset where the server's stream starts.
     * @param serverLength its contiguous bytes.
     * @param serverFlags  the server stream's {@code StreamState} flags.
     */
    void write(final RecordWriter writer, final UnsafeBuffer state, final int offset, final DirectBuffer streams,
        final int clientOffset, final int clientLength, final int clientFlags,
        final int serverOffset, final int serverLength, final int serverFlags)
    {
        final int result = handshake.parse(streams, clientOffset, clientLength, streams, serverOffset, serverLength);
        writer.putAscii(Fields.NETWORK_PROTOCOL, "ssh");
        writeIdentification(writer, handshake.client().identification(), clientOffset, false);
        writeIdentification(writer, handshake.server().identification(), serverOffset, true);
        final Hassh hassh = handshake.hassh();
        if ((result & SshHandshake.HASSH) != 0)
        {
            writer.put(Fields.SSH_CLIENT_HASSH, hassh.hassh(), 0, Hassh.HASH_LENGTH)
                .put(Fields.SSH_CLIENT_HASSH_STRING, hassh.hasshText(), 0, hassh.hasshTextLength());
        }
        if ((result & SshHandshake.HASSH_SERVER) != 0)
        {
            writer.put(Fields.SSH_SERVER_HASSH, hassh.hasshServer(), 0, Hassh.HASH_LENGTH)
                .put(Fields.SSH_SERVER_HASSH_STRING, hassh.hasshServerText(), 0, hassh.hasshServerTextLength());
        }
        if ((result & SshHandshake.NEGOTIATED) != 0)
        {
            writeAlgorithms(writer, handshake.algorithms());
        }
        final boolean encrypted = (result & SshHandshake.ENCRYPTED) != 0;
        writer.putBoolean(Fields.SSH_ENCRYPTED, encrypted);
        if (encrypted)
        {
            final int estimator = offset + ESTIMATOR;
            SshAuthEstimator.finish(state, estimator);
            final byte[] name = SshAuthEstimator.resultName(SshAuthEstimator.result(state, estimator));
            writer.putLong(Fields.SSH_AUTH_ATTEMPTS, SshAuthEstimator.attempts(state, estimator))
                .put(Fields.SSH_AUTH_RESULT, name, 0, name.length);
        }
        writeAnomalies(writer, handshake.client());
        writeAnomalies(writer, handshake.server());
        StreamFlags.write(writer, clientFlags, serverFlags);
    }

    private static void writeIdentification(final RecordWriter writer, final SshIdentification identification,
        final int streamOffset, final boolean server)
    {
        if (!identification.isValid())
        {
            return;
        }
        final DirectBuffer buffer = identification.buffer();
        final int softwareEnd = identification.commentsLength() > 0
            ? identification.commentsOffset() + identification.commentsLength()
            : identification.softwareVersionOffset() + Math.max(0, identification.softwareVersionLength());
        final int softwareLength = softwareEnd - identification.softwareVersionOffset();
        writer.put(server ? Fields.SSH_SERVER_IDENTIFICATION : Fields.SSH_CLIENT_IDENTIFICATION, buffer,
            identification.lineOffset(), identification.lineLength());
        if (identification.protoVersionLength() > 0)
        {
            writer.put(server ? Fields.SSH_SERVER_PROTOCOL : Fields.SSH_CLIENT_PROTOCOL, buffer,
                identification.protoVersionOffset(), identification.protoVersionLength());
        }
        if (softwareLength > 0)
        {
            writer.put(server ? Fields.SSH_SERVER_SOFTWARE : Fields.SSH_CLIENT_SOFTWARE, buffer,
                identification.softwareVersionOffset(), softwareLength);
        }
        if (server && identification.precedingLines() > 0)
        {
            int end = identification.lineOffset();
            while (end > streamOffset && (buffer.getByte(end - 1) == '\n' || buffer.getByte(end - 1) == '\r'))
            {
                end--;
            }
            writer.put(Fields.SSH_SERVER_PRE_BANNER, buffer, streamOffset,
                Math.min(end - streamOffset, MAX_PRE_BANNER));
        }
    }

    private static void writeAlgorithms(final RecordWriter writer, final SshAlgorithms algorithms)
    {
        algorithm(writer, algorithms, SshAlgorithms.KEX, Fields.SSH_KEX_ALGORITHM);
        algorithm(writer, algorithms, SshAlgorithms.HOST_KEY, Fields.SSH_HOST_KEY_ALGORITHM);
        algorithm(writer, algorithms, SshAlgorithms.CIPHER_C2S, Fields.SSH_CIPHER_C2S);
        algorithm(writer, algorithms, SshAlgorithms.CIPHER_S2C, Fields.SSH_CIPHER_S2C);
        algorithm(writer, algorithms, SshAlgorithms.MAC_C2S, Fields.SSH_MAC_C2S);
        algorithm(writer, algorithms, SshAlgorithms.MAC_S2C, Fields.SSH_MAC_S2C);
        algorithm(writer, algorithms, SshAlgorithms.COMPRESSION_C2S, Fields.SSH_COMPRESSION_C2S);
        algorithm(writer, algorithms, SshAlgorithms.COMPRESSION_S2C, Fields.SSH_COMPRESSION_S2C);
    }

    private static void algorithm(final RecordWriter writer, final SshAlgorithms algorithms, final int which,
        final Field field)
    {
        if (algorithms.length(which) > 0)
        {
            writer.put(field, algorithms.buffer(), algorithms.offset(which), algorithms.length(which));
        }
        else if ((which == SshAlgorithms.MAC_C2S || which == SshAlgorithms.MAC_S2C)
            && algorithms.isMacImplicit(which))
        {
            // An AEAD cipher carries its own tag; OpenSSH logs "MAC: <implicit>".
            writer.putAscii(field, "implicit");
        }
    }

    private static void writeAnomalies(final RecordWriter writer, final SshDirection direction)
    {
        final int flags = direction.flags();
        if ((flags & SshDirection.FLAG_NOT_SSH2) != 0)
        {
            writer.putAscii(Fields.STA_FLAGS, "ssh_version_1");
        }
        if ((flags & (SshDirection.FLAG_MALFORMED | SshDirection.FLAG_KEXINIT_MALFORMED)) != 0)
        {
            writer.putAscii(Fields.STA_FLAGS, "ssh_malformed");
        }
        if ((flags & SshDirection.FLAG_NONCONFORMING) != 0)
        {
            writer.putAscii(Fields.STA_FLAGS, "ssh_nonconforming_padding");
        }
    }
}
