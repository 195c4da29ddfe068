/**
 * AF_PACKET capture without C of our own: TPACKET_V3 receive rings mapped and read in place through the Foreign
 * Function &amp; Memory API ({@link org.stasensor.nativebindings.libc.Libc}), one ring per worker, the workers joined
 * in one symmetric-hash fanout group so that each flow, both directions, goes to one worker.
 * {@link org.stasensor.appliance.capture.afpacket.AfPacketCapture#open} is the entry point.
 */
package org.stasensor.appliance.capture.afpacket;
