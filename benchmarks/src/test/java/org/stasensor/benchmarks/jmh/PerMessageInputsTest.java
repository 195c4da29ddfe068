package org.stasensor.benchmarks.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.stasensor.benchmarks.capture.ExternalCommand;
import org.stasensor.pipeline.ssh.SshAuthEstimator;
import org.stasensor.pipeline.ssh.SshHandshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The inputs of the per-message benchmarks are what they claim to be: the DNS messages are exactly the UDP payloads
 * tshark dissects as DNS queries or responses, and the SSH benchmark's set-up (which checks HASSH and HASSHServer
 * against Wireshark's) accepts the sample, whose authentication outcomes are known from how it was made
 * ({@code appliance/samples/make-sample.sh}: one wrong password, then the right one).
 */
class PerMessageInputsTest
{
    @Test
    void dnsMessagesAreTheUdpPayloadsTsharkDissectsAsDns() throws IOException
    {
        final List<Path> captures = DnsMessages.defaultCaptures();
        for (final boolean responses : new boolean[]{false, true})
        {
            final List<String> expected = new ArrayList<>();
            for (final Path capture : captures)
            {
                for (final String line : tshark("-n", "-r", capture.toString(), "-Y",
                    "udp.port == 53 && dns.flags.response == " + (responses ? 1 : 0), "-T", "fields", "-e",
                    "udp.payload").split("\n"))
                {
                    if (!line.isBlank())
                    {
                        expected.add(line.strip());
                    }
                }
            }
            final List<String> actual = new ArrayList<>();
            for (final byte[] message : DnsMessages.read(captures, responses))
            {
                actual.add(HexFormat.of().formatHex(message));
            }
            assertEquals(expected, actual, responses ? "responses" : "queries");
        }
    }

    @Test
    void sshSetUpAcceptsTheSampleAndItsKnownAuthenticationOutcomes()
    {
        tshark("-v");
        final SshBenchmark benchmark = new SshBenchmark();
        benchmark.capture = "appliance/samples/sample.pcap";
        benchmark.setUp();
        final int all = SshHandshake.CLIENT_IDENTIFICATION | SshHandshake.SERVER_IDENTIFICATION | SshHandshake.HASSH
            | SshHandshake.HASSH_SERVER | SshHandshake.NEGOTIATED | SshHandshake.ENCRYPTED;
        assertEquals(all, benchmark.handshake() & all);
        assertEquals(all, benchmark.handshake() & all);
        assertEquals(4 + SshAuthEstimator.RESULT_FAILURE, benchmark.authEstimate(), "first: one failed attempt");
        assertEquals(4 + SshAuthEstimator.RESULT_SUCCESS, benchmark.authEstimate(), "second: one successful");
    }

    private static String tshark(final String... arguments)
    {
        final String[] command = new String[arguments.length + 1];
        command[0] = "tshark";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        try
        {
            return ExternalCommand.output(command);
        }
        catch (final UncheckedIOException ex)
        {
            assumeTrue(false, ex.getMessage());
            return "";
        }
    }
}
