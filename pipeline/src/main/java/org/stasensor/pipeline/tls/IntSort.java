package org.stasensor.pipeline.tls;

/**
 * Sorts the start of an int array in place without allocating: insertion sort for the short lists hellos have,
 * heapsort beyond, so that a hostile hello with thousands of entries costs n log n. (Arrays.sort may allocate run
 * and merge buffers for partly ordered input, which ClientHello lists often are.)
 */
final class IntSort
{
    private static final int INSERTION_SORT_LIMIT = 48;

    private IntSort()
    {
    }

    static void sort(final int[] values, final int count)
    {
        if (count <= INSERTION_SORT_LIMIT)
        {
            insertionSort(values, count);
            return;
        }
        for (int parent = (count >>> 1) - 1; parent >= 0; parent--)
        {
            siftDown(values, parent, count);
        }
        for (int end = count - 1; end > 0; end--)
        {
            final int largest = values[0];
            values[0] = values[end];
            values[end] = largest;
            siftDown(values, 0, end);
        }
    }

    private static void insertionSort(final int[] values, final int count)
    {
        for (int i = 1; i < count; i++)
        {
            final int value = values[i];
            int j = i - 1;
            while (j >= 0 && values[j] > value)
            {
                values[j + 1] = values[j];
                j--;
            }
            values[j + 1] = value;
        }
    }

    private static void siftDown(final int[] values, final int start, final int count)
    {
        int parent = start;
        final int value = values[parent];
        while (true)
        {
            int child = 2 * parent + 1;
            if (child >= count)
            {
                break;
            }
            if (child + 1 < count && values[child + 1] > values[child])
            {
                child++;
            }
            if (values[child] <= value)
            {
                break;
            }
            values[parent] = values[child];
            parent = child;
        }
        values[parent] = value;
    }
}
