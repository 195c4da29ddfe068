package org.stasensor.pipeline.tls;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The allocation-free sort JA4 uses, against the JDK's Arrays.sort, on short and long, random, ordered, reversed
 * and repetitive lists.
 */
class IntSortTest
{
    @Test
    void sortsAsTheJdkDoes()
    {
        final Random random = new Random(42);
        for (int n = 0; n < 600; n += 1 + n / 8)
        {
            for (int shape = 0; shape < 4; shape++)
            {
                final int[] values = new int[n + 5];
                for (int i = 0; i < values.length; i++)
                {
                    values[i] = switch (shape)
                    {
                        case 0 -> random.nextInt(0x10000);
                        case 1 -> i;
                        case 2 -> values.length - i;
                        default -> random.nextInt(4);
                    };
                }
                final int[] expected = values.clone();
                Arrays.sort(expected, 0, n);
                IntSort.sort(values, n);
                assertArrayEquals(expected, values, "n=" + n + " shape " + shape);
            }
        }
    }
}
