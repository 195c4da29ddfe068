package org.stasensor.rules;

import java.util.Objects;

/**
 * What an alert says about the rule that raised it; made once when a rule loads, shared by its alerts.
 *
 * @param ruleset  "policy", "signatures" or "blocklist".
 * @param id       a signature's sid, a policy rule's name, a block list entry's list and value.
 * @param name     a signature's msg, a policy rule's title.
 * @param category a signature's classtype, a policy rule's kind.
 * @param severity 1 (highest) to 4, as Suricata's priority.
 * @param version  a signature's rev, or null.
 */
public record RuleIdentity(String ruleset, String id, String name, String category, int severity, String version)
{
    /** Checks the parts every alert needs. */
    public RuleIdentity
    {
        Objects.requireNonNull(ruleset, "ruleset");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (severity < 1 || severity > 4)
        {
            throw new IllegalArgumentException("severity " + severity + " is not 1..4");
        }
    }
}
