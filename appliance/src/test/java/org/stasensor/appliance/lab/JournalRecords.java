package org.stasensor.appliance.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.agrona.DirectBuffer;
import org.stasensor.appliance.journal.JournalReader;
import org.stasensor.appliance.journal.JournalRecordHandler;
import org.stasensor.pipeline.record.RecordReader;

/** Reads a whole journal in tests: each record through one reused reader; an invalid record fails the test. */
public final class JournalRecords
{
    private JournalRecords()
    {
    }

    /**
     * Hands every record of a journal, oldest first, to an action.
     *
     * @param journal the journal directory.
     * @param action  gets each record (the reader is reused: copy what you keep).
     */
    public static void forEach(final Path journal, final Consumer<RecordReader> action)
    {
        final List<String> problems = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal))
        {
            final RecordReader record = new RecordReader();
            final JournalRecordHandler handler = new JournalRecordHandler()
            {
                @Override
                public void onRecord(final long index, final DirectBuffer buffer, final int offset, final int length)
                {
                    action.accept(record.wrap(buffer, offset));
                }

                @Override
                public void onInvalidRecord(final long index, final String problem)
                {
                    problems.add(index + ": " + problem);
                }
            };
            while (reader.poll(handler, 1000) > 0)
            {
                Thread.onSpinWait();
            }
        }
        if (!problems.isEmpty())
        {
            throw new AssertionError("invalid journal records: " + problems);
        }
    }
}
