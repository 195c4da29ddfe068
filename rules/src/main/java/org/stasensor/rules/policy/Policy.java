package org.stasensor.rules.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A checked policy: where the LAN is, the named host groups and the rules, as {@link PolicyLoader} read them.
 * Immutable; a reload makes a new one and hands it to {@link PolicyEngine#reload(Policy)}.
 */
public final class Policy
{
    private final String source;
    private final AddressScope scope;
    private final Map<String, HostSet> groups;
    private final List<PolicyRule> rules;

    Policy(final String source, final AddressScope scope, final Map<String, HostSet> groups,
        final List<PolicyRule> rules)
    {
        this.source = source;
        this.scope = scope;
        this.groups = Map.copyOf(groups);
        this.rules = List.copyOf(rules);
    }

    /**
     * Where the policy came from, for logs.
     *
     * @return a file name.
     */
    public String source()
    {
        return source;
    }

    /**
     * Names of the enabled rules in file order.
     *
     * @return the names.
     */
    public List<String> ruleNames()
    {
        return rules.stream().map(PolicyRule::name).toList();
    }

    /**
     * Names of the host groups.
     *
     * @return the names.
     */
    public Set<String> groupNames()
    {
        return groups.keySet();
    }

    AddressScope scope()
    {
        return scope;
    }

    List<PolicyRule> rules()
    {
        return rules;
    }

    PolicyRule rule(final String name)
    {
        for (final PolicyRule rule : rules)
        {
            if (rule.name().equals(name))
            {
                return rule;
            }
        }
        return null;
    }
}
