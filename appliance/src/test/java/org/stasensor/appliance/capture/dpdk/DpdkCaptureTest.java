package org.stasensor.appliance.capture.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.appliance.lab.HostCommands;
import org.stasensor.appliance.lab.StaAnalyze;
import org.stasensor.nativebindings.dpdk.StaDpdkLibrary;
import org.stasensor.pipeline.testing.TestFiles;

/**
 * DPDK for real, without NICs or hugepages: EAL with {@code --no-huge --no-pci -m 256 --no-shconf} and net_pcap
 * virtual devices whose {@code rx_pcap} files are a capture split by flow (tshark and editcap, {@link FlowSplit}),
 * one receive queue per file, as RSS spreads flows over queues. Each scenario runs in a JVM of its own
 * ({@link DpdkScenario}; EAL starts once per process), one worker per queue.
 * <p>
 * Oracle: {@code sta analyze} of the same traffic as one file (the capture converted to microsecond pcap, as
 * net_pcap reads it). The records must be the same multiset, field for field, timestamps included (net_pcap hands
 * over the file's times), except {@code sta.uid}: its top byte is the worker id (0 in {@code sta analyze}) and its
 * counter counts per worker, so it is removed before comparing.
 * <p>
 * Bad configurations end the scenario JVM within seconds with one line on standard error and no stack trace.
 * Skipped only when not root or when DPDK's libraries are missing (bin/setup installs them; CI runs these).
 */
final class DpdkCaptureTest
{
    private static final Duration SCENARIO_LIMIT = Duration.ofSeconds(90);
    private static final Duration FAILURE_LIMIT = Duration.ofSeconds(20);
    /** Room for the largest frame of the test captures (5309 bytes) in one mbuf, and pools that fit -m 256. */
    private static final int DATA_ROOM = 8192 + 128;
    private static final int MBUFS = 2047;
    private static final List<String> EAL = List.of("--no-huge", "--no-pci", "-m", "256", "--no-shconf");
    private static final List<String> CORPUS_CAPTURES = List.of("ja4/pcap/tls-handshake.pcapng",
        "ja4/pcap/ssh2.pcapng", "ja4/pcap/v6.pcap", "nDPI/pcap/dns.pcap");

    @BeforeAll
    static void needsRootAndDpdk()
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "DPDK needs root");
        assumeTrue(StaDpdkLibrary.loadProblem().isEmpty(), () -> "DPDK is not usable here: "
            + StaDpdkLibrary.loadProblem().orElse(""));
        HostCommands.assumeInstalled("tshark", "editcap");
    }

    @Test
    void twoQueuesOfNetPcapReportWhatStaAnalyzeReportsOfTheSample(@TempDir final Path directory) throws Exception
    {
        final Path sample = TestFiles.projectRoot().resolve("appliance/samples/sample.pcap");
        final Scenario scenario = scenario(directory, List.of(sample), 2);
        assertEquals(List.of("dpdk:0/0", "dpdk:0/1"), scenario.queues());
        assertTrue(scenario.result().stderr().contains("(net_pcap), 2 receive queue(s), no RSS, timestamps from the "
            + "PMD"), scenario.result().describe());
        assertSameRecords(scenario);
    }

    @Test
    void corpusCapturesOnTwoQueuesEachReportWhatStaAnalyzeReports(@TempDir final Path directory) throws Exception
    {
        int records = 0;
        for (final String relative : CORPUS_CAPTURES)
        {
            final Path scenarioDirectory = Files.createDirectory(directory.resolve(Path.of(relative).getFileName()
                .toString()));
            final Scenario scenario = scenario(scenarioDirectory, List.of(TestFiles.corpusFile(relative)), 2);
            assertEquals(List.of("dpdk:0/0", "dpdk:0/1"), scenario.queues(), relative);
            assertSameRecords(scenario);
            records += scenario.actual().size();
        }
        assertTrue(records > 20, "records compared: " + records);
    }

    @Test
    void portsAreOrderedAndEachPortsQueuesFollowIt(@TempDir final Path directory) throws Exception
    {
        final List<Path> captures = List.of(TestFiles.corpusFile(CORPUS_CAPTURES.get(0)),
            TestFiles.corpusFile(CORPUS_CAPTURES.get(3)));
        final Scenario scenario = scenario(directory, captures, 1);
        assertEquals(List.of("dpdk:0/0", "dpdk:1/0"), scenario.queues());
        assertSameRecords(scenario);
    }

    @Test
    void aVdevWhosePmdRefusesItsParametersIsOneLine(@TempDir final Path directory) throws Exception
    {
        final Path missing = directory.resolve("no-such-file.pcap");
        final ForkedJvm.Result result = fail(directory, "--vdev", "net_pcap0,rx_pcap=" + missing);
        assertOneLine(result, "DPDK refused a device: ");
        assertTrue(result.stderr().contains(missing.toString()), result.describe());
    }

    @Test
    void aVdevDpdkCannotParseIsOneLine(@TempDir final Path directory) throws Exception
    {
        final ForkedJvm.Result result = fail(directory, "--vdev", "net_nosuchdriver0");
        assertOneLine(result, "DPDK's EAL did not start (No such device): ");
        assertTrue(result.stderr().contains("net_nosuchdriver0"), result.describe());
    }

    @Test
    void anUnknownEalOptionIsOneLineNamingIt(@TempDir final Path directory) throws Exception
    {
        final ForkedJvm.Result result = fail(directory, "--no-such-option");
        assertOneLine(result, "DPDK's EAL did not start (Invalid argument): unrecognized option "
            + "'--no-such-option'");
    }

    @Test
    void noPortsIsOneLine(@TempDir final Path directory) throws Exception
    {
        assertOneLine(fail(directory), "DPDK found no ports: ");
    }

    @Test
    void tooLittleMemoryForThePoolsSaysWhatWasAskedAndWhatEalHas(@TempDir final Path directory) throws Exception
    {
        final ForkedJvm.Result result = ForkedJvm.run(DpdkScenario.class, List.of(directory.resolve("out.jsonl")
            .toString(), "1", "1", "0", "0", "--", "--no-huge", "--no-pci", "-m", "16", "--no-shconf", "--vdev",
            "net_null0"), FAILURE_LIMIT, directory);
        assertOneLine(result, "cannot create the mbuf pool of port 0 (net_null0) queue 0 ");
        assertTrue(result.stderr().contains("8191 mbufs of 2176 bytes need about ") && result.stderr()
            .contains("(EAL was given -m 16)") || result.stderr().contains("-m 16"), result.describe());
    }

    private static ForkedJvm.Result fail(final Path directory, final String... extraEal) throws Exception
    {
        final List<String> args = new ArrayList<>(List.of(directory.resolve("out.jsonl").toString(), "1", "0", "0", "0",
            "--"));
        args.addAll(EAL);
        args.addAll(List.of(extraEal));
        return ForkedJvm.run(DpdkScenario.class, args, FAILURE_LIMIT, directory);
    }

    private static void assertOneLine(final ForkedJvm.Result result, final String start)
    {
        assertEquals(2, result.exitCode(), result.describe());
        assertTrue(result.elapsed().compareTo(FAILURE_LIMIT) < 0, result.describe());
        final List<String> lines = result.stderr().lines().filter(line -> !line.isBlank()).toList();
        assertEquals(1, lines.size(), result.describe());
        assertTrue(lines.getFirst().startsWith("sta: " + start), result.describe());
        assertFalse(result.stderr().contains("Exception") || result.stderr().contains("\tat "), result.describe());
        assertEquals("", result.stdout(), "nothing on standard output: " + result.describe());
    }

    /** Splits each capture by flow over {@code parts} queues of a net_pcap port of its own and runs the scenario. */
    private static Scenario scenario(final Path directory, final List<Path> captures, final int parts)
        throws Exception
    {
        final List<String> eal = new ArrayList<>(EAL);
        final List<JsonNode> expected = new ArrayList<>();
        long packets = 0;
        for (int port = 0; port < captures.size(); port++)
        {
            final Path converted = directory.resolve("capture-" + port + ".pcap");
            FlowSplit.run(List.of("editcap", "-F", "pcap", captures.get(port).toString(), converted.toString()));
            final StaAnalyze.Result analyzed = StaAnalyze.run(converted, directory.resolve("analyze-" + port
                + ".jsonl"));
            assertEquals(0, analyzed.exitCode(), analyzed.stderr());
            expected.addAll(analyzed.records());
            final List<FlowSplit.Part> files = FlowSplit.split(converted, parts, directory.resolve("split-" + port));
            final StringBuilder vdev = new StringBuilder("net_pcap" + port);
            for (final FlowSplit.Part part : files)
            {
                vdev.append(",rx_pcap=").append(part.file());
                packets += part.packets();
            }
            eal.add("--vdev");
            eal.add(vdev.toString());
        }
        assertFalse(expected.isEmpty(), "sta analyze reported nothing");
        final Path output = directory.resolve("dpdk.jsonl");
        final List<String> args = new ArrayList<>(List.of(output.toString(), Long.toString(packets), "0",
            Integer.toString(DATA_ROOM), Integer.toString(MBUFS), "--"));
        args.addAll(eal);
        final ForkedJvm.Result result = ForkedJvm.run(DpdkScenario.class, args, SCENARIO_LIMIT, directory);
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.stderr().contains("received " + packets), result.describe());
        assertTrue(result.stderr().contains("drops nic 0 software 0"), result.describe());
        final List<String> queues = new ArrayList<>();
        for (final String line : result.stderr().lines().toList())
        {
            if (line.startsWith("queue "))
            {
                final String[] words = line.split(" ");
                queues.add(words[1]);
                assertTrue(Integer.parseInt(words[3]) >= 0, "the worker was registered with EAL: " + line);
            }
        }
        return new Scenario(result, queues, expected, Files.exists(output) ? StaAnalyze.records(output) : List.of());
    }

    private record Scenario(ForkedJvm.Result result, List<String> queues, List<JsonNode> expected,
        List<JsonNode> actual)
    {
    }

    private static void assertSameRecords(final Scenario scenario)
    {
        final Map<String, Integer> difference = new TreeMap<>();
        for (final JsonNode record : scenario.expected())
        {
            difference.merge(withoutUid(record), 1, Integer::sum);
        }
        for (final JsonNode record : scenario.actual())
        {
            difference.merge(withoutUid(record), -1, Integer::sum);
        }
        difference.values().removeIf(count -> count == 0);
        assertEquals(Map.of(), difference, "records only sta analyze reported (> 0) or only DPDK reported (< 0); "
            + scenario.expected().size() + " expected, " + scenario.actual().size() + " reported");
        assertEquals(scenario.expected().size(), scenario.actual().size());
    }

    private static String withoutUid(final JsonNode record)
    {
        final ObjectNode copy = record.deepCopy();
        if (copy.get("sta") instanceof ObjectNode sta)
        {
            sta.remove("uid");
            if (sta.isEmpty())
            {
                copy.remove("sta");
            }
        }
        return sorted(copy).toString();
    }

    private static JsonNode sorted(final JsonNode node)
    {
        if (!(node instanceof ObjectNode object))
        {
            return node;
        }
        final ObjectNode result = object.objectNode();
        final List<String> names = new ArrayList<>();
        final Iterator<String> iterator = object.fieldNames();
        iterator.forEachRemaining(names::add);
        names.sort(null);
        for (final String name : names)
        {
            result.set(name, sorted(object.get(name)));
        }
        return result;
    }
}
