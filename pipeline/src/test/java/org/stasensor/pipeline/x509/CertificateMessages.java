package org.stasensor.pipeline.x509;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Builds TLS Certificate message bodies (RFC 5246 7.4.2) from DER certificates, the way a server sends them.
 */
final class CertificateMessages
{
    private CertificateMessages()
    {
    }

    /**
     * A body: uint24 list length, then uint24 length and DER per certificate.
     *
     * @param certificates DER of each certificate, leaf first.
     * @return the body bytes.
     */
    static byte[] body(final List<byte[]> certificates)
    {
        final ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (final byte[] der : certificates)
        {
            uint24(list, der.length);
            list.writeBytes(der);
        }
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        uint24(body, list.size());
        body.writeBytes(list.toByteArray());
        return body.toByteArray();
    }

    private static void uint24(final ByteArrayOutputStream out, final int value)
    {
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
