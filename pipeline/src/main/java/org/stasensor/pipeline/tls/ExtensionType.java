package org.stasensor.pipeline.tls;

/**
 * TLS extension type numbers (IANA "TLS ExtensionType Values") that the hello parsers decode or the fingerprints
 * treat specially.
 */
public final class ExtensionType
{
    /** server_name (RFC 6066 3). */
    public static final int SERVER_NAME = 0;
    /** supported_groups, formerly elliptic_curves (RFC 8422 5.1.1, RFC 8446 4.2.7). */
    public static final int SUPPORTED_GROUPS = 10;
    /** ec_point_formats (RFC 8422 5.1.2). */
    public static final int EC_POINT_FORMATS = 11;
    /** signature_algorithms (RFC 8446 4.2.3, RFC 5246 7.4.1.4.1). */
    public static final int SIGNATURE_ALGORITHMS = 13;
    /** application_layer_protocol_negotiation (RFC 7301 3.1). */
    public static final int ALPN = 16;
    /** supported_versions (RFC 8446 4.2.1). */
    public static final int SUPPORTED_VERSIONS = 43;
    /** key_share (RFC 8446 4.2.8). */
    public static final int KEY_SHARE = 51;
    /** quic_transport_parameters (RFC 9001 8.2). */
    public static final int QUIC_TRANSPORT_PARAMETERS = 57;
    /** encrypted_client_hello (draft-ietf-tls-esni). */
    public static final int ENCRYPTED_CLIENT_HELLO = 0xFE0D;
    /** renegotiation_info (RFC 5746 3.2). */
    public static final int RENEGOTIATION_INFO = 0xFF01;

    private ExtensionType()
    {
    }
}
