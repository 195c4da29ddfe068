package org.stasensor.rules.signature;

/**
 * The signatures to evaluate for one record: indexes without duplicates (a per-signature stamp tells whether an
 * index was already added for this record), sorted before evaluation so that alerts come out in load order.
 */
final class Candidates
{
    private final int[] stamps;
    private final int[] indexes;
    private int stamp;
    private int size;

    Candidates(final int signatures)
    {
        stamps = new int[signatures];
        indexes = new int[signatures];
    }

    void clear()
    {
        size = 0;
        if (++stamp == 0)
        {
            java.util.Arrays.fill(stamps, 0);
            stamp = 1;
        }
    }

    void addAll(final int[] list)
    {
        if (list == null)
        {
            return;
        }
        for (final int index : list)
        {
            if (stamps[index] != stamp)
            {
                stamps[index] = stamp;
                indexes[size++] = index;
            }
        }
    }

    int size()
    {
        return size;
    }

    int get(final int i)
    {
        return indexes[i];
    }

    /** Insertion sort: a record has few candidates. */
    void sort()
    {
        if (size > 32)
        {
            java.util.Arrays.sort(indexes, 0, size);
            return;
        }
        for (int i = 1; i < size; i++)
        {
            final int value = indexes[i];
            int j = i - 1;
            while (j >= 0 && indexes[j] > value)
            {
                indexes[j + 1] = indexes[j];
                j--;
            }
            indexes[j + 1] = value;
        }
    }
}
