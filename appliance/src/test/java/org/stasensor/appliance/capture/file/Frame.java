package org.stasensor.appliance.capture.file;

/**
 * One packet as seen by an observer: the reader under test or tshark. Compared whole, so that a difference in any
 * field shows in the assertion message.
 *
 * @param linkType       LINKTYPE number.
 * @param capturedLength bytes present.
 * @param wireLength     original length.
 * @param timestampNanos nanoseconds since the epoch.
 * @param md5            MD5 of the captured bytes, lower-case hex.
 */
record Frame(int linkType, int capturedLength, int wireLength, long timestampNanos, String md5)
{
}
