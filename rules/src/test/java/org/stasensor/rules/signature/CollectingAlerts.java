package org.stasensor.rules.signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.stasensor.pipeline.testing.CapturedRecords;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.rules.AlertSink;
import org.stasensor.rules.RuleIdentity;

/**
 * An alert sink for tests: keeps each alert's rule, message and the trigger's dataset.
 */
final class CollectingAlerts implements AlertSink
{
    /** One alert. */
    record Alert(RuleIdentity rule, String message, String dataset, long timestampNanos)
    {
    }

    final List<Alert> alerts = new ArrayList<>();

    @Override
    public void raise(final RecordReader trigger, final RuleIdentity rule, final CharSequence message)
    {
        alerts.add(new Alert(rule, message.toString(), trigger.dataset().id(), trigger.timestampNanos()));
    }

    /**
     * Ids of the rules that raised alerts.
     *
     * @return sorted ids.
     */
    Set<String> ids()
    {
        final Set<String> ids = new TreeSet<>();
        alerts.forEach(alert -> ids.add(alert.rule().id()));
        return ids;
    }

    /**
     * Alerts per rule id.
     *
     * @return counts.
     */
    Map<String, Integer> counts()
    {
        final Map<String, Integer> counts = new TreeMap<>();
        alerts.forEach(alert -> counts.merge(alert.rule().id(), 1, Integer::sum));
        return counts;
    }

    /**
     * Runs a detector over records.
     *
     * @param set     the detector.
     * @param records record bytes.
     * @return the alerts.
     */
    static CollectingAlerts run(final SignatureSet set, final List<byte[]> records)
    {
        final CollectingAlerts alerts = new CollectingAlerts();
        for (final byte[] record : records)
        {
            set.onRecord(CapturedRecords.reader(record), alerts);
        }
        return alerts;
    }
}
