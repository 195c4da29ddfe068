package org.stasensor.rules;

import org.stasensor.pipeline.record.RecordReader;

/**
 * Where detectors raise alerts. The appliance writes each alert as an alert record into the journal right after the
 * record that triggered it; {@code sta rules test} prints them.
 */
public interface AlertSink
{
    /**
     * Raises one alert.
     *
     * @param trigger the record that triggered it (its header and fields are copied into the alert).
     * @param rule    the rule.
     * @param message what happened, for a person.
     */
    void raise(RecordReader trigger, RuleIdentity rule, CharSequence message);
}
