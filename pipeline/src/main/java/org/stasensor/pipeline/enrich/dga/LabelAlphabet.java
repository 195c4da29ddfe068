package org.stasensor.pipeline.enrich.dga;

/**
 * The symbols of the character models: the 26 letters, the 10 digits, '-', one symbol for every other byte (which
 * a registered domain in LDH form never holds, so it is rare and telling) and the boundary before and after a
 * label. Upper-case ASCII letters map to their lower-case symbol.
 */
public final class LabelAlphabet
{
    /** Symbols in all: a-z, 0-9, '-', other, boundary. */
    public static final int SIZE = 39;
    /** First digit symbol ('0'). */
    public static final int DIGIT_0 = 26;
    /** The hyphen's symbol. */
    public static final int HYPHEN = 36;
    /** The symbol of any byte that is not a letter, digit or hyphen. */
    public static final int OTHER = 37;
    /** The label boundary (start and end). */
    public static final int BOUNDARY = 38;

    private static final byte[] SYMBOL_OF_BYTE = new byte[256];

    static
    {
        for (int b = 0; b < 256; b++)
        {
            final int symbol;
            if (b >= 'a' && b <= 'z')
            {
                symbol = b - 'a';
            }
            else if (b >= 'A' && b <= 'Z')
            {
                symbol = b - 'A';
            }
            else if (b >= '0' && b <= '9')
            {
                symbol = DIGIT_0 + b - '0';
            }
            else if (b == '-')
            {
                symbol = HYPHEN;
            }
            else
            {
                symbol = OTHER;
            }
            SYMBOL_OF_BYTE[b] = (byte)symbol;
        }
    }

    private LabelAlphabet()
    {
    }

    /**
     * The symbol of one byte of a label.
     *
     * @param b the byte, any value.
     * @return its symbol, 0 to {@link #OTHER}.
     */
    public static int symbolOf(final byte b)
    {
        return SYMBOL_OF_BYTE[b & 0xFF];
    }

    /**
     * Whether a symbol is a letter.
     *
     * @param symbol a symbol.
     * @return true for a to z.
     */
    public static boolean isLetter(final int symbol)
    {
        return symbol < DIGIT_0;
    }

    /**
     * Whether a symbol is a digit.
     *
     * @param symbol a symbol.
     * @return true for 0 to 9.
     */
    public static boolean isDigit(final int symbol)
    {
        return symbol >= DIGIT_0 && symbol < HYPHEN;
    }

    /**
     * Whether a letter symbol is a vowel (a, e, i, o, u).
     *
     * @param symbol a symbol.
     * @return true for a vowel.
     */
    public static boolean isVowel(final int symbol)
    {
        return symbol == 0 || symbol == 4 || symbol == 8 || symbol == 14 || symbol == 20;
    }
}
