package org.stasensor.rules.signature;

import org.agrona.DirectBuffer;

/**
 * A buffer value seen by java.util.regex as text, one char per byte, that counts the regex engine's reads and
 * aborts the match once a budget is spent: a pathological pattern ({@code (a+)+$}) costs a bounded number of steps
 * instead of hanging the detection thread. The abort is a preallocated exception without a stack trace, the only
 * way to stop java.util.regex from outside; it happens only for such patterns.
 */
final class GuardedText implements CharSequence
{
    /** Thrown when the budget is spent. */
    static final class BudgetExceeded extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        BudgetExceeded()
        {
            super("regular expression step budget exceeded", null, false, false);
        }
    }

    static final BudgetExceeded EXCEEDED = new BudgetExceeded();

    private DirectBuffer memory;
    private int start;
    private int length;
    private long remaining;

    GuardedText wrap(final DirectBuffer memory, final int start, final int length, final long budget)
    {
        this.memory = memory;
        this.start = start;
        this.length = length;
        this.remaining = budget;
        return this;
    }

    @Override
    public int length()
    {
        return length;
    }

    @Override
    public char charAt(final int index)
    {
        if (--remaining < 0)
        {
            throw EXCEEDED;
        }
        if (index < 0 || index >= length)
        {
            throw new IndexOutOfBoundsException(index);
        }
        return (char)(memory.getByte(start + index) & 0xFF);
    }

    @Override
    public CharSequence subSequence(final int from, final int to)
    {
        final StringBuilder text = new StringBuilder(to - from);
        for (int i = from; i < to; i++)
        {
            text.append((char)(memory.getByte(start + i) & 0xFF));
        }
        return text;
    }

    @Override
    public String toString()
    {
        return subSequence(0, length).toString();
    }
}
