package org.stasensor.pipeline.inspect;

import org.stasensor.pipeline.domain.PublicSuffixList;

/**
 * The Public Suffix List every inspector shares unless given another: loaded on first use, once per process.
 */
final class DefaultSuffixList
{
    static final PublicSuffixList INSTANCE = PublicSuffixList.load();

    private DefaultSuffixList()
    {
    }
}
