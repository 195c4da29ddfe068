package org.stasensor.pipeline.starttls;

import org.agrona.DirectBuffer;

/**
 * Reads one LDAPMessage (RFC 4511 4.1.1) in place, as BER (X.690, definite lengths only, as RFC 4511 5.1 requires),
 * far enough for StartTLS (RFC 4511 4.14): the message ID, the protocolOp's tag, an ExtendedRequest's requestName
 * and an ExtendedResponse's resultCode.
 * <pre>
 *   LDAPMessage ::= SEQUENCE { messageID INTEGER, protocolOp CHOICE { ... extendedReq [APPLICATION 23],
 *                              extendedResp [APPLICATION 24] ... }, controls [0] OPTIONAL }
 *   ExtendedRequest  ::= [APPLICATION 23] SEQUENCE { requestName [0] LDAPOID, requestValue [1] OCTET STRING OPT. }
 *   ExtendedResponse ::= [APPLICATION 24] SEQUENCE { COMPONENTS OF LDAPResult (resultCode ENUMERATED first), ... }
 * </pre>
 * One instance per worker, reused; every length is checked against the bytes present.
 */
final class LdapMessage
{
    /** The whole message is there. */
    static final int COMPLETE = 0;
    /** More bytes are needed. */
    static final int INCOMPLETE = 1;
    /** Not a definite-length LDAPMessage. */
    static final int MALFORMED = 2;

    /** Universal SEQUENCE, constructed. */
    static final int SEQUENCE = 0x30;
    /** Universal INTEGER. */
    static final int INTEGER = 0x02;
    /** Universal ENUMERATED. */
    static final int ENUMERATED = 0x0A;
    /** [APPLICATION 23] constructed: ExtendedRequest. */
    static final int EXTENDED_REQUEST = 0x77;
    /** [APPLICATION 24] constructed: ExtendedResponse. */
    static final int EXTENDED_RESPONSE = 0x78;
    /** [0] primitive: ExtendedRequest.requestName. */
    static final int REQUEST_NAME = 0x80;
    /** The StartTLS extended operation (RFC 4511 4.14.1). */
    static final byte[] START_TLS_OID = ClearText.ascii("1.3.6.1.4.1.1466.20037");

    private int end;
    private int messageId;
    private int operation;
    private int operationContent;
    private int operationEnd;
    // The last element read by element(): its tag, content start and end.
    private int elementTag;
    private int elementContent;
    private int elementEnd;

    /**
     * Reads the message starting at {@code at}.
     *
     * @param buffer the stream.
     * @param at     its first byte.
     * @param limit  first index not to read.
     * @return {@link #COMPLETE}, {@link #INCOMPLETE} or {@link #MALFORMED}.
     */
    int read(final DirectBuffer buffer, final int at, final int limit)
    {
        if (at < limit && (buffer.getByte(at) & 0xFF) != SEQUENCE)
        {
            return MALFORMED;
        }
        final int outer = element(buffer, at, limit, true);
        if (outer != COMPLETE)
        {
            return outer;
        }
        if (elementTag != SEQUENCE)
        {
            return MALFORMED;
        }
        end = elementEnd;
        final int inside = elementContent;
        if (element(buffer, inside, end, false) != COMPLETE || elementTag != INTEGER
            || elementEnd - elementContent < 1 || elementEnd - elementContent > 4)
        {
            return MALFORMED;
        }
        int id = 0;
        for (int i = elementContent; i < elementEnd; i++)
        {
            id = (id << 8) | (buffer.getByte(i) & 0xFF);
        }
        messageId = id;
        if (element(buffer, elementEnd, end, false) != COMPLETE)
        {
            return MALFORMED;
        }
        operation = elementTag;
        operationContent = elementContent;
        operationEnd = elementEnd;
        return COMPLETE;
    }

    /**
     * The index after the message read last.
     *
     * @return its end.
     */
    int end()
    {
        return end;
    }

    /**
     * The messageID of the message read last.
     *
     * @return the ID (0 to 2^31 - 1).
     */
    int messageId()
    {
        return messageId;
    }

    /**
     * Whether the message read last is an ExtendedRequest for StartTLS.
     *
     * @param buffer the stream.
     * @return true for a StartTLS request.
     */
    boolean isStartTlsRequest(final DirectBuffer buffer)
    {
        if (operation != EXTENDED_REQUEST || element(buffer, operationContent, operationEnd, false) != COMPLETE
            || elementTag != REQUEST_NAME || elementEnd - elementContent != START_TLS_OID.length)
        {
            return false;
        }
        for (int i = 0; i < START_TLS_OID.length; i++)
        {
            if (buffer.getByte(elementContent + i) != START_TLS_OID[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the message read last is an ExtendedResponse.
     *
     * @return true for an extendedResp.
     */
    boolean isExtendedResponse()
    {
        return operation == EXTENDED_RESPONSE;
    }

    /**
     * The resultCode of the ExtendedResponse read last.
     *
     * @param buffer the stream.
     * @return the code (0 is success), or -1 when it is not there.
     */
    int resultCode(final DirectBuffer buffer)
    {
        if (element(buffer, operationContent, operationEnd, false) != COMPLETE || elementTag != ENUMERATED
            || elementEnd - elementContent != 1)
        {
            return -1;
        }
        return buffer.getByte(elementContent) & 0xFF;
    }

    /**
     * Reads the tag and length of one element; sets {@code elementTag}, {@code elementContent}, {@code elementEnd}.
     * Only one-byte tags and definite lengths of up to four bytes are taken.
     *
     * @param incompleteAllowed true where the element may run past {@code limit} because more bytes will come
     *                          (the outer message); false inside a complete message.
     */
    private int element(final DirectBuffer buffer, final int at, final int limit, final boolean incompleteAllowed)
    {
        final int shortOf = incompleteAllowed ? INCOMPLETE : MALFORMED;
        if (limit - at < 2)
        {
            return shortOf;
        }
        final int tag = buffer.getByte(at) & 0xFF;
        if ((tag & 0x1F) == 0x1F)
        {
            return MALFORMED;
        }
        final int first = buffer.getByte(at + 1) & 0xFF;
        int length;
        int content = at + 2;
        if (first < 0x80)
        {
            length = first;
        }
        else
        {
            final int count = first & 0x7F;
            if (count == 0 || count > 4)
            {
                return MALFORMED;
            }
            if (limit - content < count)
            {
                return shortOf;
            }
            long value = 0;
            for (int i = 0; i < count; i++)
            {
                value = (value << 8) | (buffer.getByte(content + i) & 0xFF);
            }
            if (value > Integer.MAX_VALUE / 2)
            {
                return MALFORMED;
            }
            length = (int)value;
            content += count;
        }
        if ((long)content + length > limit)
        {
            return shortOf;
        }
        elementTag = tag;
        elementContent = content;
        elementEnd = content + length;
        return COMPLETE;
    }
}
