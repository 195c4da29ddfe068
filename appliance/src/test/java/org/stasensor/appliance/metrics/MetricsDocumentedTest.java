package org.stasensor.appliance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.testing.TestFiles;

/**
 * {@code docs/metrics.md} lists exactly the {@code sta_*} metrics the endpoint exposes, each with the type the
 * exposition declares, so that the reference cannot drift from the code.
 */
class MetricsDocumentedTest
{
    private static final Pattern TYPE_LINE = Pattern.compile("^# TYPE (sta_\\w+) (\\w+)$", Pattern.MULTILINE);
    private static final Pattern DOCUMENTED = Pattern.compile("^\\| `(sta_\\w+)` \\| (\\w+) \\|", Pattern.MULTILINE);

    @Test
    void everyExposedMetricIsDocumentedWithItsTypeAndNothingElseIs() throws IOException
    {
        final TestWorkers.Workers workers = TestWorkers.workers(worker -> new TestWorkers.DroppingSource(0, 0), 1,
            System.err);
        final MetricsInputs inputs = new MetricsInputs("docs", "0", workers.list(),
            List.of(new FixedGauges.Ring("r", 1, 0, 0, 0, 0)), List.of(new FixedGauges.Journal("j", 0, 0, 0, 0)),
            List.of(new FixedGauges.Cache("c", 0, 0, 0)), false);
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(text, SensorMetrics.registry(inputs).scrape());

        final Map<String, String> exposed = matches(TYPE_LINE, text.toString(StandardCharsets.UTF_8));
        final Map<String, String> documented = matches(DOCUMENTED,
            Files.readString(TestFiles.projectRoot().resolve("docs/metrics.md")));
        assertEquals(exposed, documented);
    }

    private static Map<String, String> matches(final Pattern pattern, final String text)
    {
        final Map<String, String> found = new TreeMap<>();
        final Matcher matcher = pattern.matcher(text);
        while (matcher.find())
        {
            found.put(matcher.group(1), matcher.group(2));
        }
        return found;
    }
}
