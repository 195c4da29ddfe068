package org.stasensor.pipeline.x509;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Certificates of the TLS Certificate messages in corpus captures, as tshark dissects them. The captures are
 * merged first (mergecap) so that tshark starts once.
 */
final class TsharkCertificates
{
    private TsharkCertificates()
    {
    }

    /**
     * Runs {@code tshark -Y tls.handshake.certificate -T fields -e tls.handshake.certificate} over captures.
     *
     * @param directory a temporary directory for the merged capture.
     * @param captures  paths below the corpus root; missing ones are left out.
     * @return one line per frame with Certificate messages: the DER of each certificate in hex, comma separated.
     */
    static List<String> extract(final Path directory, final List<String> captures)
    {
        final Path corpus = TestFiles.corpus();
        final List<String> command = new ArrayList<>(List.of("mergecap", "-F", "pcapng", "-w",
            directory.resolve("merged.pcapng").toString()));
        for (final String capture : captures)
        {
            if (Files.isRegularFile(corpus.resolve(capture)))
            {
                command.add(corpus.resolve(capture).toString());
            }
        }
        assumeTrue(command.size() > 5, "none of the captures is in the corpus");
        Shell.run(directory, command);
        final String output = new String(Shell.run(directory, List.of("tshark", "-n", "-r", "merged.pcapng", "-Y",
            "tls.handshake.certificate", "-T", "fields", "-e", "tls.handshake.certificate")),
            StandardCharsets.US_ASCII);
        final List<String> lines = new ArrayList<>();
        for (final String line : output.split("\n"))
        {
            if (!line.isBlank())
            {
                lines.add(line.strip());
            }
        }
        return lines;
    }
}
