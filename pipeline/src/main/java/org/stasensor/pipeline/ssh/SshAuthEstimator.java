package org.stasensor.pipeline.ssh;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Estimates, from the sizes and directions of the encrypted TCP payloads after NEWKEYS, how many times the client
 * tried to authenticate and whether the last try succeeded. The method is described in the
 * {@linkplain org.stasensor.pipeline.ssh package documentation}; in short: the server's reply to
 * SSH_MSG_SERVICE_REQUEST fixes the size of SSH_MSG_USERAUTH_SUCCESS (16 bytes less), the reply to the client's
 * first request fixes the size of SSH_MSG_USERAUTH_FAILURE, and every later reply is classified by its size.
 * <p>
 * The state is a few ints kept wherever the caller keeps per-flow state ({@link #STATE_LENGTH} bytes at an offset
 * of a buffer, native byte order), so no object exists per flow and nothing is allocated:
 * <pre>
 *    0 int phase                         4 int flags
 *    8 int SERVICE_ACCEPT size          12 int USERAUTH_FAILURE size (0 = not known)
 *   16 int bytes of the current client turn
 *   20 int bytes of the client turn the current server turn answers
 *   24 int bytes of the request answered by the first reply (the presumed "none" probe)
 *   28 int size of the last server payload of the current turn
 *   32 int attempts                     36 int server turns classified
 *   40 int result                       44 int failed attempts
 *   48 int candidate failure size       52 int request the candidate answered
 * </pre>
 * Feed it, in order, the size of each TCP payload of the connection that lies after the sender's NEWKEYS (for the
 * segment holding NEWKEYS, only the bytes after it: {@link SshDirection#clearLength()}), skipping retransmitted
 * bytes; call {@link #finish} when the connection ends. {@link #attempts} and {@link #result} are provisional until
 * then, except that a success is final as soon as it is seen.
 */
public final class SshAuthEstimator
{
    /** Result: no decision (no attempt seen, or the sizes did not fit the model). */
    public static final int RESULT_UNKNOWN = 0;
    /** Result: the last attempt succeeded. */
    public static final int RESULT_SUCCESS = 1;
    /** Result: every attempt failed. */
    public static final int RESULT_FAILURE = 2;

    /** Bytes of state per connection. */
    public static final int STATE_LENGTH = 56;
    /** Server replies classified at most; past that the estimator stops (the result stays unknown). */
    public static final int MAX_AUTH_TURNS = 64;
    /**
     * SSH_MSG_USERAUTH_SUCCESS is this many bytes shorter than SSH_MSG_SERVICE_ACCEPT on the wire, whatever the
     * cipher: a 1-byte against a 17-byte payload, each padded to the cipher block (8 or 16) with at least 4 bytes of
     * padding (RFC 4253 6), the same MAC or tag after both.
     */
    public static final int SUCCESS_BELOW_ACCEPT = 16;
    /**
     * A first reply longer than SSH_MSG_SERVICE_ACCEPT by more than this carries a pre-authentication banner (RFC 4252
     * 5.4) with the failure: OpenSSH's failure with its longest method list
     * ("publickey,gssapi-keyex,gssapi-with-mic,password,keyboard-interactive") is 56 bytes longer.
     */
    public static final int BANNER_ABOVE_ACCEPT = 64;
    /**
     * A signed public-key request is at least this much longer than the query before it: an Ed25519 signature blob
     * alone is 87 bytes (RFC 8709 6), minus at most one cipher block of padding. A client request that grows this
     * much after a reply means the reply was SSH_MSG_USERAUTH_PK_OK, not a failure.
     */
    public static final int SIGNATURE_GROWTH = 64;

    static final int PHASE = 0;
    static final int FLAGS = 4;
    static final int ACCEPT_SIZE = 8;
    static final int FAILURE_SIZE = 12;
    static final int CLIENT_TURN = 16;
    static final int REQUEST = 20;
    static final int PROBE_REQUEST = 24;
    static final int SERVER_LAST = 28;
    static final int ATTEMPTS = 32;
    static final int SERVER_TURNS = 36;
    static final int RESULT = 40;
    static final int FAILURES = 44;
    static final int CANDIDATE = 48;
    static final int CANDIDATE_REQUEST = 52;

    private static final int WAIT_CLIENT = 0;
    private static final int WAIT_ACCEPT = 1;
    private static final int AUTH = 2;
    private static final int DONE = 3;

    private static final int LAST_FROM_CLIENT = 1;
    private static final int LAST_FROM_SERVER = 2;
    private static final int SERVER_TURN_OPEN = 4;
    private static final int PROBE_PENDING = 8;
    private static final int OTHER_REPLY_PENDING = 16;
    private static final int GAVE_UP = 32;
    private static final int FINISHED = 64;
    private static final int ACCEPT_TURN = 128;
    private static final int ACCEPT_TURN_MORE = 256;
    private static final int FIRST_REPLY_SEEN = 512;
    private static final int CANDIDATE_PENDING = 1024;

    private static final byte[][] RESULT_NAMES = {
        {'u', 'n', 'k', 'n', 'o', 'w', 'n'}, {'s', 'u', 'c', 'c', 'e', 's', 's'}, {'f', 'a', 'i', 'l', 'u', 'r', 'e'}};

    private SshAuthEstimator()
    {
    }

    /**
     * Clears the state for a new connection.
     *
     * @param state  buffer holding the state.
     * @param offset where the state starts.
     */
    public static void reset(final MutableDirectBuffer state, final int offset)
    {
        state.setMemory(offset, STATE_LENGTH, (byte)0);
    }

    /**
     * One TCP payload (or the encrypted rest of one) in order.
     *
     * @param state      buffer holding the state.
     * @param offset     where the state starts.
     * @param fromClient true when the client sent it.
     * @param bytes      payload bytes; 0 or less is ignored.
     */
    public static void onPayload(
        final MutableDirectBuffer state, final int offset, final boolean fromClient, final int bytes)
    {
        if (bytes <= 0 || state.getInt(offset + PHASE) == DONE)
        {
            return;
        }
        if (fromClient)
        {
            fromClient(state, offset, bytes);
        }
        else
        {
            fromServer(state, offset, bytes);
        }
    }

    /**
     * The connection ended: settles the last reply and the result.
     *
     * @param state  buffer holding the state.
     * @param offset where the state starts.
     */
    public static void finish(final MutableDirectBuffer state, final int offset)
    {
        if ((state.getInt(offset + FLAGS) & FINISHED) != 0)
        {
            return;
        }
        if (state.getInt(offset + PHASE) != DONE)
        {
            if ((state.getInt(offset + FLAGS) & SERVER_TURN_OPEN) != 0)
            {
                closeServerTurn(state, offset);
            }
            final int flags = state.getInt(offset + FLAGS);
            if ((flags & CANDIDATE_PENDING) != 0)
            {
                // Nothing followed the candidate: it was not PK_OK, whose signed request would have followed.
                confirmCandidate(state, offset);
            }
            else if (state.getInt(offset + PHASE) == AUTH && (flags & OTHER_REPLY_PENDING) != 0
                && (flags & LAST_FROM_SERVER) != 0 && state.getInt(offset + FAILURES) > 0)
            {
                // After failures, a last server word that is neither failure nor success, with nothing more from
                // the client, is the server ending it: OpenSSH sends SSH_MSG_DISCONNECT instead of the
                // MaxAuthTries-th failure. Without earlier failures it is more likely a client leaving after PK_OK
                // or an INFO_REQUEST (probing a key, giving up at a prompt), which sshd does not count.
                countFailure(state, offset);
            }
            // A first reply still pending answered the client's "none" probe, which is not an attempt.
            final boolean gaveUp = (flags & GAVE_UP) != 0;
            state.putInt(offset + RESULT,
                state.getInt(offset + FAILURES) > 0 && !gaveUp ? RESULT_FAILURE : RESULT_UNKNOWN);
            state.putInt(offset + PHASE, DONE);
        }
        state.putInt(offset + FLAGS, state.getInt(offset + FLAGS) | FINISHED);
    }

    /**
     * Authentication attempts: requests the server answered with failure or success, the first "none" probe not
     * counted (as OpenSSH's sshd counts them against MaxAuthTries).
     *
     * @param state  buffer holding the state.
     * @param offset where the state starts.
     * @return attempts so far.
     */
    public static int attempts(final DirectBuffer state, final int offset)
    {
        return state.getInt(offset + ATTEMPTS);
    }

    /**
     * The outcome: {@link #RESULT_SUCCESS} as soon as a success is seen; before {@link #finish}, otherwise
     * {@link #RESULT_FAILURE} once a failure was seen and {@link #RESULT_UNKNOWN} before.
     *
     * @param state  buffer holding the state.
     * @param offset where the state starts.
     * @return one of the {@code RESULT_*} values.
     */
    public static int result(final DirectBuffer state, final int offset)
    {
        final int result = state.getInt(offset + RESULT);
        if (result != RESULT_UNKNOWN || (state.getInt(offset + FLAGS) & (FINISHED | GAVE_UP)) != 0)
        {
            return result;
        }
        return state.getInt(offset + FAILURES) > 0 ? RESULT_FAILURE : RESULT_UNKNOWN;
    }

    /**
     * Whether nothing more can change the estimate: a success was seen, the estimator gave up, or it finished.
     *
     * @param state  buffer holding the state.
     * @param offset where the state starts.
     * @return true when decided.
     */
    public static boolean isDecided(final DirectBuffer state, final int offset)
    {
        return state.getInt(offset + PHASE) == DONE;
    }

    /**
     * The value of {@code ssh.auth.result}.
     *
     * @param result one of the {@code RESULT_*} values.
     * @return "success", "failure" or "unknown" as ASCII; shared, do not modify.
     */
    public static byte[] resultName(final int result)
    {
        return RESULT_NAMES[result >= 0 && result < RESULT_NAMES.length ? result : RESULT_UNKNOWN];
    }

    private static void fromClient(final MutableDirectBuffer state, final int offset, final int bytes)
    {
        if (state.getInt(offset + PHASE) == WAIT_CLIENT)
        {
            state.putInt(offset + PHASE, WAIT_ACCEPT);
        }
        if ((state.getInt(offset + FLAGS) & SERVER_TURN_OPEN) != 0)
        {
            closeServerTurn(state, offset);
            if (state.getInt(offset + PHASE) == DONE)
            {
                return;
            }
        }
        final int flags = state.getInt(offset + FLAGS);
        final int turn = (flags & LAST_FROM_CLIENT) != 0 ? state.getInt(offset + CLIENT_TURN) : 0;
        state.putInt(offset + CLIENT_TURN, saturatedAdd(turn, bytes));
        state.putInt(offset + FLAGS, (flags | LAST_FROM_CLIENT) & ~(LAST_FROM_SERVER | OTHER_REPLY_PENDING));
    }

    private static void fromServer(final MutableDirectBuffer state, final int offset, final int bytes)
    {
        final int phase = state.getInt(offset + PHASE);
        if (phase == WAIT_CLIENT)
        {
            // Before the client's first encrypted packet the server only announces (SSH_MSG_EXT_INFO, RFC 8308).
            return;
        }
        int flags = state.getInt(offset + FLAGS);
        state.putInt(offset + SERVER_LAST, bytes);
        if (phase == WAIT_ACCEPT)
        {
            // The first server payload after the client's first one is SERVICE_ACCEPT. A client that sent its first
            // USERAUTH_REQUEST without waiting (Dropbear does) made its turn longer than SERVICE_REQUEST, which is
            // as long as SERVICE_ACCEPT (both a 17-byte payload); the rest of its turn is that request.
            state.putInt(offset + ACCEPT_SIZE, bytes);
            state.putInt(offset + REQUEST, state.getInt(offset + CLIENT_TURN) - bytes);
            state.putInt(offset + PHASE, AUTH);
            state.putInt(offset + FLAGS, (flags | SERVER_TURN_OPEN | ACCEPT_TURN | LAST_FROM_SERVER)
                & ~LAST_FROM_CLIENT);
            return;
        }
        if ((flags & SERVER_TURN_OPEN) == 0)
        {
            final int request = state.getInt(offset + CLIENT_TURN);
            state.putInt(offset + REQUEST, request);
            state.putInt(offset + FLAGS, flags | SERVER_TURN_OPEN);
            if ((flags & CANDIDATE_PENDING) != 0)
            {
                settleCandidate(state, offset, request);
            }
            flags = state.getInt(offset + FLAGS);
        }
        else if ((flags & ACCEPT_TURN) != 0)
        {
            flags |= ACCEPT_TURN_MORE;
        }
        state.putInt(offset + FLAGS, (flags | LAST_FROM_SERVER) & ~LAST_FROM_CLIENT);
        final int accept = state.getInt(offset + ACCEPT_SIZE);
        if (accept > SUCCESS_BELOW_ACCEPT && bytes == successSize(state, offset))
        {
            resolveProbe(state, offset, state.getInt(offset + REQUEST));
            state.putInt(offset + ATTEMPTS, state.getInt(offset + ATTEMPTS) + 1);
            state.putInt(offset + RESULT, RESULT_SUCCESS);
            state.putInt(offset + PHASE, DONE);
        }
    }

    /** Classifies the server turn that just ended by its last payload, answering the client turn before it. */
    private static void closeServerTurn(final MutableDirectBuffer state, final int offset)
    {
        int flags = state.getInt(offset + FLAGS) & ~SERVER_TURN_OPEN;
        if ((flags & ACCEPT_TURN) != 0)
        {
            final boolean more = (flags & ACCEPT_TURN_MORE) != 0;
            flags &= ~(ACCEPT_TURN | ACCEPT_TURN_MORE);
            state.putInt(offset + FLAGS, flags);
            if (!more || state.getInt(offset + REQUEST) <= 0)
            {
                return;
            }
            // More after SERVICE_ACCEPT in the same turn: the reply to a request sent without waiting.
        }
        state.putInt(offset + FLAGS, flags);
        if (state.getInt(offset + PHASE) != AUTH)
        {
            return;
        }
        final int turns = state.getInt(offset + SERVER_TURNS) + 1;
        state.putInt(offset + SERVER_TURNS, turns);
        if (turns > MAX_AUTH_TURNS)
        {
            state.putInt(offset + FLAGS, flags | GAVE_UP);
            state.putInt(offset + PHASE, DONE);
            return;
        }
        classify(state, offset, state.getInt(offset + SERVER_LAST), state.getInt(offset + REQUEST));
    }

    private static void classify(final MutableDirectBuffer state, final int offset, final int reply, final int request)
    {
        final int flags = state.getInt(offset + FLAGS);
        if ((flags & FIRST_REPLY_SEEN) == 0)
        {
            // The reply to the first request, usually the "none" probe, gives the failure size, unless a banner came
            // with it; then the failure size is learnt from a later reply (see settleCandidate).
            final boolean banner = reply > state.getInt(offset + ACCEPT_SIZE) + BANNER_ABOVE_ACCEPT;
            state.putInt(offset + FAILURE_SIZE, banner ? 0 : reply);
            state.putInt(offset + PROBE_REQUEST, request);
            state.putInt(offset + FLAGS, flags | FIRST_REPLY_SEEN | PROBE_PENDING);
            return;
        }
        resolveProbe(state, offset, request);
        final int failure = state.getInt(offset + FAILURE_SIZE);
        if (failure == 0)
        {
            // Failure or PK_OK: the client's next request tells (see settleCandidate).
            state.putInt(offset + CANDIDATE, reply);
            state.putInt(offset + CANDIDATE_REQUEST, request);
            state.putInt(offset + FLAGS, state.getInt(offset + FLAGS) | CANDIDATE_PENDING);
        }
        else if (reply == failure)
        {
            countFailure(state, offset);
        }
        else if (reply < failure - successSize(state, offset) && reply != state.getInt(offset + ACCEPT_SIZE))
        {
            // Shorter than the first reply by at least a whole packet: the first reply was a short banner and the
            // failure in one segment, and this may be the failure alone; the client's next request tells. (An empty
            // INFO_REQUEST is exactly as long as SERVICE_ACCEPT, both a 17-byte payload, and is not taken.)
            state.putInt(offset + CANDIDATE, reply);
            state.putInt(offset + CANDIDATE_REQUEST, request);
            state.putInt(offset + FLAGS, state.getInt(offset + FLAGS) | CANDIDATE_PENDING);
        }
        else
        {
            // PK_OK, a keyboard-interactive INFO_REQUEST, or a DISCONNECT: the client's next request goes on.
            state.putInt(offset + FLAGS, state.getInt(offset + FLAGS) | OTHER_REPLY_PENDING);
        }
    }

    /**
     * With the failure size not yet known, a reply is a failure unless the client's next request is a signed
     * public-key request, which is longer than the query before it by a signature.
     */
    private static void settleCandidate(final MutableDirectBuffer state, final int offset, final int nextRequest)
    {
        final int flags = state.getInt(offset + FLAGS) & ~CANDIDATE_PENDING;
        state.putInt(offset + FLAGS, flags);
        if ((long)nextRequest < (long)state.getInt(offset + CANDIDATE_REQUEST) + SIGNATURE_GROWTH)
        {
            confirmCandidate(state, offset);
        }
    }

    private static void confirmCandidate(final MutableDirectBuffer state, final int offset)
    {
        state.putInt(offset + FLAGS, state.getInt(offset + FLAGS) & ~CANDIDATE_PENDING);
        state.putInt(offset + FAILURE_SIZE, state.getInt(offset + CANDIDATE));
        countFailure(state, offset);
    }

    /**
     * Settles whether the first request answered was the "none" probe of RFC 4252 5.2: it was when the next request
     * is longer, as every real method's request is longer than "none" for the same user; otherwise the client
     * skipped the probe and the first reply was a failed attempt.
     */
    private static void resolveProbe(final MutableDirectBuffer state, final int offset, final int request)
    {
        final int flags = state.getInt(offset + FLAGS);
        if ((flags & PROBE_PENDING) == 0)
        {
            return;
        }
        state.putInt(offset + FLAGS, flags & ~PROBE_PENDING);
        if (request <= state.getInt(offset + PROBE_REQUEST))
        {
            countFailure(state, offset);
        }
    }

    private static void countFailure(final MutableDirectBuffer state, final int offset)
    {
        state.putInt(offset + ATTEMPTS, state.getInt(offset + ATTEMPTS) + 1);
        state.putInt(offset + FAILURES, state.getInt(offset + FAILURES) + 1);
        state.putInt(offset + FLAGS, state.getInt(offset + FLAGS) & ~OTHER_REPLY_PENDING);
    }

    /** The wire size of USERAUTH_SUCCESS, also the least size of any packet with a payload of up to 8 bytes. */
    private static int successSize(final DirectBuffer state, final int offset)
    {
        return state.getInt(offset + ACCEPT_SIZE) - SUCCESS_BELOW_ACCEPT;
    }

    private static int saturatedAdd(final int a, final int b)
    {
        final long sum = (long)a + b;
        return sum > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int)sum;
    }
}
