/**
 * Capture through DPDK: poll-mode receive queues read through the C shim {@code sta_dpdk} and its FFM bindings
 * ({@link org.stasensor.nativebindings.dpdk.sta_dpdk_h}), one burst per downcall, packets read in place in their
 * mbufs. {@link org.stasensor.appliance.capture.dpdk.DpdkCapture#open} is the entry point.
 */
package org.stasensor.appliance.capture.dpdk;
