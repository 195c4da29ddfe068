package org.stasensor.appliance.capture.file;

/**
 * The container format of a capture file, recognised from its first bytes (never from its name).
 */
public enum CaptureFormat
{
    /** Classic libpcap, microsecond timestamps (magic 0xA1B2C3D4), either byte order. */
    PCAP,
    /** Classic libpcap, nanosecond timestamps (magic 0xA1B23C4D), either byte order. */
    PCAP_NANOSECOND,
    /** pcapng, one or more sections, each with its own byte order. */
    PCAPNG
}
