package org.stasensor.appliance.metrics;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Decides what {@code /health} answers: healthy when every capture worker is still capturing (or ended because its
 * source ended, as a capture file does) and every journal's lag is within the limit; otherwise unhealthy, with one
 * sentence per reason.
 * <p>
 * Body, for example:
 * <pre>
 * {"status":"ok","sensor":"lab-1",
 *  "workers":[{"id":0,"queue":"pcap","alive":true,"finished":false}],
 *  "journals":[{"name":"records","lag_seconds":0.0,"lag_limit_seconds":10.0}],
 *  "problems":[]}
 * </pre>
 * {@code status} is {@code ok} or {@code unhealthy}.
 */
public final class HealthCheck
{
    private static final double NANOS_PER_SECOND = 1e9;
    private static final JsonFactory JSON = new JsonFactory();

    private final String sensor;
    private final List<WorkerLiveness> workers;
    private final List<JournalGauges> journals;
    private final long journalLagLimitNanos;

    /**
     * A check over workers and journals.
     *
     * @param sensor          the sensor's name, echoed in the body.
     * @param workers         the capture workers.
     * @param journals        the journals; empty when there is none.
     * @param journalLagLimit the most lag a healthy journal may have.
     */
    public HealthCheck(final String sensor, final List<WorkerLiveness> workers, final List<JournalGauges> journals,
        final Duration journalLagLimit)
    {
        this.sensor = sensor;
        this.workers = List.copyOf(workers);
        this.journals = List.copyOf(journals);
        this.journalLagLimitNanos = journalLagLimit.toNanos();
    }

    /**
     * The check for the sensor's inputs.
     *
     * @param inputs   the workers and journals.
     * @param settings the journal lag limit.
     * @return the check.
     */
    public static HealthCheck of(final MetricsInputs inputs, final MetricsSettings settings)
    {
        return new HealthCheck(inputs.sensor(), inputs.workers().stream().map(WorkerLiveness::of).toList(),
            inputs.journals(), settings.journalLagLimit());
    }

    /**
     * Looks at every worker and journal now.
     *
     * @return the answer.
     */
    public HealthReport check()
    {
        final List<String> problems = new ArrayList<>();
        final List<WorkerState> workerStates = new ArrayList<>(workers.size());
        for (final WorkerLiveness worker : workers)
        {
            final boolean alive = worker.alive();
            final boolean finished = !alive && worker.finished();
            if (!alive && !finished)
            {
                problems.add("worker " + worker.id() + " (" + worker.queue() + ") has stopped: its thread ended "
                    + "before its source did");
            }
            workerStates.add(new WorkerState(worker.id(), worker.queue(), alive, finished));
        }
        final List<JournalState> journalStates = new ArrayList<>(journals.size());
        for (final JournalGauges journal : journals)
        {
            final long lag = journal.lagNanos();
            if (lag > journalLagLimitNanos)
            {
                problems.add("journal " + journal.name() + " is " + seconds(lag) + " s behind, more than the "
                    + seconds(journalLagLimitNanos) + " s allowed");
            }
            journalStates.add(new JournalState(journal.name(), lag));
        }
        return new HealthReport(problems.isEmpty(), problems, json(problems, workerStates, journalStates));
    }

    private String json(final List<String> problems, final List<WorkerState> workerStates,
        final List<JournalState> journalStates)
    {
        final StringWriter body = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(body))
        {
            json.writeStartObject();
            json.writeStringField("status", problems.isEmpty() ? "ok" : "unhealthy");
            json.writeStringField("sensor", sensor);
            json.writeArrayFieldStart("workers");
            for (final WorkerState worker : workerStates)
            {
                json.writeStartObject();
                json.writeNumberField("id", worker.id);
                json.writeStringField("queue", worker.queue);
                json.writeBooleanField("alive", worker.alive);
                json.writeBooleanField("finished", worker.finished);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("journals");
            for (final JournalState journal : journalStates)
            {
                json.writeStartObject();
                json.writeStringField("name", journal.name);
                json.writeNumberField("lag_seconds", seconds(journal.lagNanos));
                json.writeNumberField("lag_limit_seconds", seconds(journalLagLimitNanos));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("problems");
            for (final String problem : problems)
            {
                json.writeString(problem);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the health document: " + ex.getMessage(), ex);
        }
        return body.toString();
    }

    private static double seconds(final long nanos)
    {
        return nanos / NANOS_PER_SECOND;
    }

    /** One worker as seen by one check. */
    private record WorkerState(int id, String queue, boolean alive, boolean finished)
    {
    }

    /** One journal as seen by one check. */
    private record JournalState(String name, long lagNanos)
    {
    }
}
