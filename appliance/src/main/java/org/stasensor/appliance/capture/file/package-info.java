/**
 * The capture-file source: pcap and pcapng files mapped read-only and walked in place, each packet handed to a
 * {@link org.stasensor.pipeline.packet.PacketConsumer} without a copy or an allocation.
 * <p>
 * {@link org.stasensor.appliance.capture.file.CaptureFileReader} is the entry point; a file it cannot read at all is
 * a {@link org.stasensor.appliance.capture.file.CaptureFileException}, a file damaged part-way is read up to the
 * damage and described by a {@link org.stasensor.appliance.capture.file.CaptureFileResult};
 * {@link org.stasensor.appliance.capture.file.ReplayPacer} replays at the captured pace.
 */
package org.stasensor.appliance.capture.file;
