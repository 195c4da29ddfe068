package org.stasensor.pipeline.tls;

/**
 * GREASE values (RFC 8701 2): the sixteen reserved cipher suite, extension, named group, signature algorithm and
 * version values {0x0A0A, 0x1A1A, ..., 0xFAFA} that clients send at random so that servers learn to ignore unknown
 * values. Fingerprints drop them, since they change from one connection to the next.
 */
public final class Grease
{
    private Grease()
    {
    }

    /**
     * Whether a 16-bit value is one of the GREASE values: both bytes equal and of the form 0x?A.
     *
     * @param value the value; anything outside 0..0xFFFF is not GREASE.
     * @return true for 0x0A0A, 0x1A1A, ... 0xFAFA.
     */
    public static boolean isGrease(final int value)
    {
        return (value & 0xFFFF_0F0F) == 0x0A0A && (value >>> 8) == (value & 0xFF);
    }
}
