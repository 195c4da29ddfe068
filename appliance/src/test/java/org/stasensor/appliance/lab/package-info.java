/**
 * Test helpers for end-to-end oracle tests with real traffic:
 * <ul>
 *   <li>{@link org.stasensor.appliance.lab.NetnsLab}: two network namespaces joined by a veth pair;</li>
 *   <li>{@link org.stasensor.appliance.lab.BackgroundProcess}, {@link org.stasensor.appliance.lab.CommandResult}:
 *       programs run inside them;</li>
 *   <li>{@link org.stasensor.appliance.lab.PacketCapture}: tcpdump writing a complete pcap file;</li>
 *   <li>{@link org.stasensor.appliance.lab.TsharkJson}: tshark's JSON and the walking it needs;</li>
 *   <li>{@link org.stasensor.appliance.lab.StaAnalyze}: {@code sta analyze} run in-process, records read back;</li>
 *   <li>{@link org.stasensor.appliance.lab.Mismatches}: every field difference of a run, reported at once.</li>
 * </ul>
 * <p>
 * A suite for another protocol follows the TLS one ({@code org.stasensor.appliance.oracle.TlsTrafficScenario}):
 * <pre>{@code
 * try (NetnsLab lab = NetnsLab.create("ssh", tempDir))
 * {
 *     BackgroundProcess server = lab.start(lab.a(), "/usr/sbin/sshd", "-D", "-e", "-f", config.toString());
 *     lab.awaitListening(lab.a(), "tcp", 2222, server, Duration.ofSeconds(10));
 *     PacketCapture capture = lab.capture(lab.a(), tempDir.resolve("ssh.pcap"));
 *     lab.run(lab.b(), Duration.ofSeconds(15), "ssh", "-p", "2222", "user@" + lab.a().address(), "true");
 *     capture.stop();
 * }   // servers stopped, namespaces and veth deleted, also when the body throws
 * }</pre>
 * Everything needs root; without it (or without {@code ip netns}) the tests are skipped, not failed.
 */
package org.stasensor.appliance.lab;
