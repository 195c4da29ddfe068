/**
 * The journal: the sensor's durable boundary, a Chronicle Queue directory of cycle files holding every record in
 * its binary form ({@link org.stasensor.pipeline.record.RecordDescriptor}), one record per Chronicle document, in
 * the order the journal stage appended them.
 * <ul>
 *   <li>{@link org.stasensor.appliance.journal.JournalAppender}: one thread appends, without allocating; counters for
 *       metrics; a maintenance thread for retention and optional fsync;</li>
 *   <li>{@link org.stasensor.appliance.journal.JournalRetention}: whole cycles deleted by age and by size, logged and
 *       counted, never the current one;</li>
 *   <li>{@link org.stasensor.appliance.journal.JournalReader}: read-only readers (forwarders, {@code sta journal
 *       tail}), each with its own position, filters by dataset and record time, invalid documents reported and
 *       skipped.</li>
 * </ul>
 * {@code docs/journal.md} describes the files on disk, durability and retention for operators.
 */
package org.stasensor.appliance.journal;
