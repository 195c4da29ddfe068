package org.stasensor.appliance.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.stasensor.appliance.cli.Sta;

/**
 * Runs {@code sta analyze} in-process on a capture and reads back its JSON lines, plus access to the nested ECS
 * names the records use ({@code tls.client.ja3} is {@code {"tls":{"client":{"ja3":...}}}}).
 */
public final class StaAnalyze
{
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What one run left.
     *
     * @param exitCode what {@link Sta#run} returned.
     * @param stderr   what it printed on standard error (summary and problems).
     * @param records  every output line, parsed.
     */
    public record Result(int exitCode, String stderr, List<JsonNode> records)
    {
        /**
         * The records of one dataset.
         *
         * @param dataset e.g. "tls".
         * @return those whose {@code event.dataset} is that.
         */
        public List<JsonNode> dataset(final String dataset)
        {
            final List<JsonNode> selected = new ArrayList<>();
            for (final JsonNode record : records)
            {
                if (dataset.equals(text(record, "event.dataset")))
                {
                    selected.add(record);
                }
            }
            return selected;
        }
    }

    private StaAnalyze()
    {
    }

    /**
     * {@code sta analyze CAPTURE --output OUTPUT}, in this JVM.
     *
     * @param capture the pcap file.
     * @param output  where the JSON lines go.
     * @return exit code, stderr and records.
     */
    public static Result run(final Path capture, final Path output)
    {
        return runSta(List.of("analyze", capture.toString(), "--output", output.toString()), output);
    }

    /**
     * Any {@code sta} command in this JVM whose records go to a file, e.g. {@code capture --source pcap FILE
     * --output OUTPUT}.
     *
     * @param args   sta's arguments, which must send the records to {@code output}.
     * @param output the file the records go to.
     * @return exit code, stderr and records.
     */
    public static Result runSta(final List<String> args, final Path output)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exitCode;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8))
        {
            exitCode = Sta.run(args.toArray(String[]::new), outStream, errStream);
        }
        final String stderr = err.toString(StandardCharsets.UTF_8);
        return new Result(exitCode, stderr, Files.exists(output) ? records(output) : List.of());
    }

    /**
     * Reads JSON lines a program wrote.
     *
     * @param output the file.
     * @return one node per non-blank line.
     */
    public static List<JsonNode> records(final Path output)
    {
        final List<JsonNode> records = new ArrayList<>();
        try
        {
            int lineNumber = 0;
            for (final String line : Files.readAllLines(output, StandardCharsets.UTF_8))
            {
                lineNumber++;
                if (!line.isBlank())
                {
                    records.add(parse(line, output, lineNumber));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return records;
    }

    /**
     * A field by its dotted ECS name.
     *
     * @param record a record.
     * @param dotted e.g. "tls.server.x509.subject.common_name"; "@timestamp" works too.
     * @return the node, or a missing node.
     */
    public static JsonNode field(final JsonNode record, final String dotted)
    {
        if (record.has(dotted))
        {
            return record.get(dotted);
        }
        JsonNode node = record;
        for (final String part : dotted.split("\\."))
        {
            node = node.path(part);
        }
        return node;
    }

    /**
     * A scalar field as text.
     *
     * @param record a record.
     * @param dotted the name.
     * @return the text (numbers and booleans as JSON writes them), or null when absent.
     */
    public static String text(final JsonNode record, final String dotted)
    {
        final JsonNode node = field(record, dotted);
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    /**
     * A list field.
     *
     * @param record a record.
     * @param dotted the name.
     * @return the values as text, or null when absent (a scalar counts as a list of one, to show it).
     */
    public static List<String> texts(final JsonNode record, final String dotted)
    {
        final JsonNode node = field(record, dotted);
        if (node.isMissingNode() || node.isNull())
        {
            return null;
        }
        final List<String> values = new ArrayList<>();
        if (node.isArray())
        {
            node.forEach(element -> values.add(element.asText()));
        }
        else
        {
            values.add(node.asText());
        }
        return values;
    }

    private static JsonNode parse(final String line, final Path output, final int lineNumber)
    {
        try
        {
            return JSON.readTree(line);
        }
        catch (final IOException ex)
        {
            throw new AssertionError("sta wrote a line that is not JSON, " + output + " line " + lineNumber + ": "
                + line, ex);
        }
    }
}
