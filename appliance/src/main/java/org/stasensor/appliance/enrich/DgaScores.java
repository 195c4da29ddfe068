package org.stasensor.appliance.enrich;

import java.io.IOException;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.stasensor.pipeline.enrich.DomainScorer;
import org.stasensor.pipeline.enrich.dga.DgaModel;

/** The DGA model the sensor ships (docs/dga.md). */
final class DgaScores
{
    private static final int WARM_UP_NAMES = 50_000;

    private DgaScores()
    {
    }

    static DomainScorer bundled(final List<String> notes) throws IOException
    {
        final DgaModel model = DgaModel.bundled();
        warmUp(model);
        notes.add("dga: bundled model (docs/dga.md)");
        return model::score;
    }

    /**
     * Scores made-up names before capture starts: the model's trees and features run interpreted at first, several
     * times slower, and a burst of new names at start then fills a ring (measured with EnrichmentUnderLoadTest's 4,096-slot
     * ring at 20,000 new names/s: about 3,000 of 100,000 records dropped without this, 70-100 with it).
     */
    private static void warmUp(final DgaModel model)
    {
        final UnsafeBuffer name = new UnsafeBuffer(new byte[64]);
        double sum = 0;
        for (int i = 0; i < WARM_UP_NAMES; i++)
        {
            final int length = name.putStringWithoutLengthAscii(0, "w" + Integer.toString(i * 7919, 36) + ".com");
            sum += model.score(name, 0, length);
        }
        if (Double.isNaN(sum))
        {
            throw new IllegalStateException("the DGA model scored NaN");
        }
    }
}
