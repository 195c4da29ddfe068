package org.stasensor.appliance.capture.file;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The oracles and file tools of these tests: tshark, capinfos, editcap, mergecap (Wireshark 4.0), run as processes.
 * A test whose tool is missing is skipped, not failed.
 */
final class WiresharkTools
{
    /**
     * Wireshark's WTAP_ENCAP numbers (wiretap/wtap.h), as tshark prints them in frame.encap_type, mapped to the
     * LINKTYPE numbers of the tcpdump.org registry for the encapsulations these tests use.
     */
    private static final Map<Integer, Integer> WTAP_TO_LINKTYPE = Map.of(
        1, 1,       // ether
        15, 0,      // null (BSD loopback)
        7, 101,     // rawip
        129, 228,   // rawip4
        130, 229,   // rawip6
        25, 113,    // linux-sll
        210, 276,   // linux-sll2
        45, 147);   // user0

    /** capinfos' encapsulation short names (those of {@code editcap -T}) mapped to LINKTYPE numbers. */
    static final Map<String, Integer> ENCAPSULATION_TO_LINKTYPE = Map.of(
        "ether", 1,
        "null", 0,
        "rawip", 101,
        "linux-sll", 113,
        "linux-sll2", 276);

    private static final Pattern READ_BEFORE_ERROR = Pattern.compile("after reading (\\d+) packets?");

    /** The timestamp of a frame tshark shows without one. */
    static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private WiresharkTools()
    {
    }

    /**
     * Every frame tshark reads from a file, in file order (up to the damage, for a damaged file).
     *
     * @param capture the file.
     * @return one frame per packet.
     */
    static List<Frame> tsharkFrames(final Path capture)
    {
        final String out = run(List.of("tshark", "-n", "-r", capture.toString(), "-o", "frame.generate_md5_hash:TRUE",
            "-T", "fields", "-E", "separator=\t", "-e", "frame.encap_type", "-e", "frame.cap_len", "-e", "frame.len",
            "-e", "frame.time_epoch", "-e", "frame.md5_hash"), false);
        final List<Frame> frames = new ArrayList<>();
        for (final String line : out.split("\n"))
        {
            if (line.isEmpty())
            {
                continue;
            }
            final String[] f = line.split("\t", -1);
            if (f[0].isEmpty())
            {
                // not a packet: tshark shows pcapng custom blocks as records without an encapsulation
                continue;
            }
            final Integer linkType = WTAP_TO_LINKTYPE.get(Integer.parseInt(f[0]));
            assertEquals(true, linkType != null, "test knows no LINKTYPE for WTAP encapsulation " + f[0]);
            // a packet without a timestamp (pcapng SPB) has an empty time field
            final long time = f[3].isEmpty() ? NO_TIMESTAMP : epochNanos(f[3]);
            frames.add(new Frame(linkType, Integer.parseInt(f[1]), Integer.parseInt(f[2]), time, f[4]));
        }
        return frames;
    }

    /**
     * {@code capinfos -T -m -r} with the given flags for many files in one run; one row of columns per file (the
     * file name first). capinfos carries on past a damaged file and reports what it read before the damage.
     *
     * @param flags   capinfos column flags, e.g. "-t", "-c".
     * @param files   the files.
     * @return rows in file order.
     */
    static List<String[]> capinfos(final List<String> flags, final List<Path> files)
    {
        final List<String> command = new ArrayList<>(List.of("capinfos", "-T", "-m", "-r"));
        command.addAll(flags);
        files.forEach(file -> command.add(file.toString()));
        final List<String[]> rows = new ArrayList<>();
        for (final String line : run(command, false).split("\n"))
        {
            if (!line.isEmpty())
            {
                rows.add(line.split(",", -1));
            }
        }
        return rows;
    }

    /**
     * What capinfos makes of one (possibly damaged) file: the packets it read and its complaint, if any.
     *
     * @param packets packets read before any damage.
     * @param error   capinfos' error text ("" when none), e.g. "... appears to have been cut short ...".
     */
    record CapinfosOutcome(long packets, String error)
    {
        boolean truncated()
        {
            return error.contains("cut short");
        }

        boolean corrupt()
        {
            return error.contains("damaged or corrupt") || error.contains("doesn't support");
        }
    }

    /**
     * capinfos' packet count and error for one file.
     *
     * @param file the file.
     * @return the outcome.
     */
    static CapinfosOutcome capinfosOutcome(final Path file)
    {
        try
        {
            final Process process = new ProcessBuilder("capinfos", "-T", "-m", "-r", "-c", file.toString()).start();
            final byte[] out = process.getInputStream().readAllBytes();
            final byte[] err = process.getErrorStream().readAllBytes();
            process.waitFor(60, TimeUnit.SECONDS);
            final String[] row = new String(out, StandardCharsets.UTF_8).trim().split(",", -1);
            final String error = new String(err, StandardCharsets.UTF_8).lines()
                .filter(line -> !line.startsWith("Running as user")).reduce("", (a, b) -> a + b + " ").trim();
            // a damaged file may have no row, but the error says how far capinfos got
            final Matcher readBefore = READ_BEFORE_ERROR.matcher(error);
            final long packets = readBefore.find() ? Long.parseLong(readBefore.group(1)) :
                row.length > 1 ? Long.parseLong(row[1]) : error.contains("cut short") ? 0 : -1;
            return new CapinfosOutcome(packets, error);
        }
        catch (final IOException ex)
        {
            assumeTrue(false, "capinfos not available: " + ex.getMessage());
            return null;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * editcap with arguments; fails the test when editcap fails.
     *
     * @param args arguments after "editcap".
     */
    static void editcap(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("editcap"));
        command.addAll(List.of(args));
        run(command, true);
    }

    /**
     * mergecap with arguments; fails the test when mergecap fails.
     *
     * @param args arguments after "mergecap".
     */
    static void mergecap(final List<String> args)
    {
        final List<String> command = new ArrayList<>(List.of("mergecap"));
        command.addAll(args);
        run(command, true);
    }

    /** "1533675122.262472000" (or fewer decimals) to nanoseconds, exactly. */
    static long epochNanos(final String epoch)
    {
        return new BigDecimal(epoch).movePointRight(9).longValueExact();
    }

    private static String run(final List<String> command, final boolean mustSucceed)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            final byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new IllegalStateException("did not finish: " + command);
            }
            if (mustSucceed && process.exitValue() != 0)
            {
                throw new IllegalStateException("exit " + process.exitValue() + ": " + command);
            }
            return new String(out, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            assumeTrue(false, command.get(0) + " not available: " + ex.getMessage());
            return "";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
