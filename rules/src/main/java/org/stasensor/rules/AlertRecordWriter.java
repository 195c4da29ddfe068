package org.stasensor.rules;

import org.agrona.MutableDirectBuffer;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Field;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.pipeline.record.RecordWriter;

/**
 * Writes an alert record: the triggering record's time, connection and addresses, the rule's fields, then every field
 * of the triggering record, so that an alert read alone (in a SIEM, without a join) says what was seen.
 */
public final class AlertRecordWriter
{
    private final RecordWriter writer = new RecordWriter();
    private final RecordReader fields = new RecordReader();

    /**
     * Writes one alert.
     *
     * @param trigger  the record that triggered it.
     * @param rule     the rule.
     * @param message  what happened.
     * @param buffer   where to write.
     * @param offset   where the alert starts.
     * @param capacity bytes available.
     * @return the alert's length.
     */
    public int write(final RecordReader trigger, final RuleIdentity rule, final CharSequence message,
        final MutableDirectBuffer buffer, final int offset, final int capacity)
    {
        writer.begin(buffer, offset, capacity, Dataset.ALERT, trigger.timestampNanos());
        final int ipVersion = trigger.ipVersion();
        if (ipVersion == 4 || ipVersion == 6)
        {
            writer.connection(trigger.flowUid(), ipVersion, trigger.transport(), trigger.buffer(),
                trigger.sourceAddressOffset(), trigger.destinationAddressOffset(), trigger.sourcePort(),
                trigger.destinationPort());
        }
        writer.putString(Fields.RULE_ID, rule.id());
        writer.putString(Fields.RULE_NAME, rule.name());
        writer.putString(Fields.RULE_RULESET, rule.ruleset());
        if (rule.category() != null)
        {
            writer.putString(Fields.RULE_CATEGORY, rule.category());
        }
        if (rule.version() != null)
        {
            writer.putString(Fields.RULE_VERSION, rule.version());
        }
        writer.putLong(Fields.EVENT_SEVERITY, rule.severity());
        writer.putString(Fields.MESSAGE, message.toString());
        final Dataset dataset = trigger.dataset();
        if (dataset != null)
        {
            writer.putAscii(Fields.ALERT_TRIGGER_DATASET, dataset.id());
        }
        // A reader of its own: the detector may be in the middle of walking the trigger's fields.
        fields.wrap(trigger.buffer(), trigger.offset());
        while (fields.nextField())
        {
            final Field field = Fields.byId(fields.fieldId());
            if (field != null && field != Fields.TLS_SERVER_CERTIFICATE_DER)
            {
                writer.put(field, fields.buffer(), fields.valueOffset(), fields.valueLength());
            }
        }
        return writer.finish();
    }
}
