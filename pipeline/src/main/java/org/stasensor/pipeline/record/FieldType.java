package org.stasensor.pipeline.record;

/**
 * How the bytes of a variable field are stored in a record and rendered in JSON.
 */
public enum FieldType
{
    /** UTF-8 (or raw, escaped on output) text. */
    STRING,
    /** A signed 64-bit integer, stored little-endian in 8 bytes. */
    LONG,
    /** A 64-bit IEEE double, stored little-endian in 8 bytes. */
    DOUBLE,
    /** Nanoseconds since the Unix epoch in 8 bytes, rendered as ISO-8601 UTC. */
    TIMESTAMP,
    /** Raw bytes rendered as lowercase hex (digests, serial numbers). */
    HEX,
    /** One byte, 0 or 1. */
    BOOLEAN,
    /** 4 (IPv4) or 16 (IPv6) address bytes, rendered in text form. */
    IP
}
