package org.stasensor.pipeline.tls;

import org.agrona.DirectBuffer;

/**
 * Matches a host name against a certificate's DNS name, RFC 6125 6.4: ASCII case-insensitive, a trailing dot
 * ignored, and a wildcard only as the whole left-most label, matching exactly one label.
 */
final class HostnameMatch
{
    private HostnameMatch()
    {
    }

    static boolean matches(final DirectBuffer pattern, final int patternOffset, final int patternLength,
        final DirectBuffer host, final int hostOffset, final int hostLength)
    {
        final int pLength = trimDot(pattern, patternOffset, patternLength);
        final int hLength = trimDot(host, hostOffset, hostLength);
        if (pLength >= 2 && pattern.getByte(patternOffset) == '*' && pattern.getByte(patternOffset + 1) == '.')
        {
            int firstDot = -1;
            for (int i = 0; i < hLength; i++)
            {
                if (host.getByte(hostOffset + i) == '.')
                {
                    firstDot = i;
                    break;
                }
            }
            // "*.example.com" matches "a.example.com" but neither "example.com" nor "a.b.example.com".
            return firstDot > 0 && hLength - firstDot == pLength - 1
                && equalIgnoreCase(pattern, patternOffset + 1, host, hostOffset + firstDot, pLength - 1);
        }
        return pLength == hLength && equalIgnoreCase(pattern, patternOffset, host, hostOffset, pLength);
    }

    private static int trimDot(final DirectBuffer buffer, final int offset, final int length)
    {
        return length > 0 && buffer.getByte(offset + length - 1) == '.' ? length - 1 : length;
    }

    private static boolean equalIgnoreCase(final DirectBuffer a, final int aOffset, final DirectBuffer b,
        final int bOffset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            int x = a.getByte(aOffset + i) & 0xFF;
            int y = b.getByte(bOffset + i) & 0xFF;
            if (x >= 'A' && x <= 'Z')
            {
                x += 32;
            }
            if (y >= 'A' && y <= 'Z')
            {
                y += 32;
            }
            if (x != y)
            {
                return false;
            }
        }
        return true;
    }
}
