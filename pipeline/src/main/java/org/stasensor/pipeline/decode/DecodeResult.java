package org.stasensor.pipeline.decode;

/**
 * Outcome of decoding one packet; every value but {@link #OK} is counted by the caller.
 */
public enum DecodeResult
{
    /** Layers 2-4 decoded; the packet belongs to a flow. */
    OK,
    /** The link type is not one the decoder knows. */
    UNSUPPORTED_LINK_TYPE,
    /** Not IP (ARP, LLDP, ...). */
    NOT_IP,
    /** A header is shorter than its minimum or claims more bytes than were captured. */
    MALFORMED,
    /** An IP fragment other than the first; its transport header is in another packet. */
    NON_FIRST_FRAGMENT,
    /** IP, but neither TCP nor UDP after the last header (ICMP, ESP, ...). */
    OTHER_TRANSPORT,
    /** Encapsulations nested deeper than the decoder follows. */
    TOO_DEEP
}
