package org.stasensor.rules.signature;

import java.nio.file.Path;

/**
 * One thing wrong with a rule or block list file, for a person: where it is and why it was not loaded.
 *
 * @param path   the file.
 * @param line   1-based line where the rule starts, 0 when the problem is about the whole file.
 * @param sid    the rule's sid when it could be read, else null.
 * @param reason what was wrong and, where it helps, what to do.
 */
public record Problem(Path path, int line, Long sid, String reason)
{
    /**
     * The form {@code sta rules check} prints: "FILE:LINE: sid N: reason" ("FILE:LINE: reason" without a sid).
     *
     * @return the message.
     */
    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder().append(path).append(':').append(line).append(": ");
        if (sid != null)
        {
            text.append("sid ").append(sid).append(": ");
        }
        return text.append(reason).toString();
    }
}
