package org.stasensor.rules.policy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonToken;
import org.stasensor.rules.RuleIdentity;

/**
 * Reads a policy file ({@code conf/rules/policy.yaml}, docs/rules.md) into a {@link Policy}. Every mistake becomes
 * one line {@code FILE:LINE: dotted.key: reason}: unknown keys (with the keys known there), values of the wrong type
 * or out of range, unknown rule kinds, unknown group names, YAML that does not parse. Nothing is guessed: a misspelt
 * threshold must not silently keep its default. All problems of a file are reported at once.
 */
public final class PolicyLoader
{
    private static final Set<String> TOP_KEYS = Set.of("lan", "groups", "rules");
    private static final Set<String> ALLOW_KEYS = Set.of("hosts", "domains");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final Pattern SPAN = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final String file;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, HostSet> groups = new HashMap<>();
    private final Set<String> disabled = new HashSet<>();
    private HostSet lan;

    private PolicyLoader(final String file)
    {
        this.file = file;
    }

    /**
     * Reads and checks a policy file.
     *
     * @param path the YAML file.
     * @return the policy.
     * @throws PolicyException listing every problem found.
     */
    public static Policy load(final Path path) throws PolicyException
    {
        final String text;
        try
        {
            text = Files.readString(path);
        }
        catch (final NoSuchFileException ex)
        {
            throw new PolicyException(List.of(path + ": no such policy file"));
        }
        catch (final AccessDeniedException ex)
        {
            throw new PolicyException(List.of(path + ": cannot read the policy file (permission denied)"));
        }
        catch (final IOException ex)
        {
            throw new PolicyException(List.of(path + ": cannot read the policy file: " + ex.getMessage()));
        }
        return parse(path.toString(), text);
    }

    /**
     * Checks a policy given as text.
     *
     * @param name the name messages give the file.
     * @param text the YAML.
     * @return the policy.
     * @throws PolicyException listing every problem found.
     */
    public static Policy parse(final String name, final String text) throws PolicyException
    {
        final YamlNode root;
        try
        {
            root = YamlNode.parse(text);
        }
        catch (final YamlNode.YamlSyntaxException ex)
        {
            throw new PolicyException(List.of((ex.line() > 0 ? name + ":" + ex.line() : name) + ": not valid YAML: "
                + ex.getMessage()));
        }
        if (root == null)
        {
            throw new PolicyException(List.of(name + ": the policy file is empty"));
        }
        return new PolicyLoader(name).read(root);
    }

    private Policy read(final YamlNode root) throws PolicyException
    {
        if (root.kind() != YamlNode.Kind.MAP)
        {
            throw new PolicyException(List.of(file + ":" + root.line() + ": the policy must be a mapping with keys "
                + "lan, groups, rules"));
        }
        unknownKeys(root, TOP_KEYS);
        final YamlNode lanNode = root.map().get("lan");
        lan = lanNode == null ? HostSet.of(AddressScope.DEFAULT_LAN) : addresses(lanNode, false);
        final YamlNode groupsNode = root.map().get("groups");
        if (groupsNode != null && isMap(groupsNode))
        {
            for (final Map.Entry<String, YamlNode> group : groupsNode.map().entrySet())
            {
                if (!GROUP.matcher(group.getKey()).matches() || "lan".equals(group.getKey())
                    || "public".equals(group.getKey()))
                {
                    problem(group.getValue(), "a group name is a letter then letters, digits, _ or - (and not "
                        + "'lan' or 'public', which are built in)");
                    continue;
                }
                groups.put(group.getKey(), addresses(group.getValue(), false));
            }
        }
        final List<PolicyRule> rules = new ArrayList<>();
        final YamlNode rulesNode = root.map().get("rules");
        if (rulesNode == null)
        {
            problems.add(file + ": rules: missing (a list of rules; an empty list [] turns detection off)");
        }
        else if (rulesNode.kind() != YamlNode.Kind.LIST)
        {
            problem(rulesNode, "expected a list of rules");
        }
        else
        {
            final Set<String> names = new HashSet<>();
            for (final YamlNode ruleNode : rulesNode.list())
            {
                final PolicyRule rule = rule(ruleNode);
                if (rule != null && !names.add(rule.name()))
                {
                    problem(ruleNode.map().get("name"), "rule name '" + rule.name() + "' is used twice");
                }
                else if (rule != null && !disabled.contains(rule.name()))
                {
                    rules.add(rule);
                }
            }
        }
        if (!problems.isEmpty())
        {
            throw new PolicyException(inFileOrder());
        }
        return new Policy(file, new AddressScope(lan), groups, rules);
    }

    private PolicyRule rule(final YamlNode node)
    {
        if (!isMap(node))
        {
            return null;
        }
        final int before = problems.size();
        final YamlNode kindNode = node.map().get("kind");
        final RuleKind kind = kindNode == null ? null : RuleKind.ofId(String.valueOf(kindNode.text()));
        if (kindNode == null)
        {
            problems.add(file + ":" + node.line() + ": " + node.path() + ".kind: missing (one of " + kinds() + ")");
            return null;
        }
        if (kind == null)
        {
            problem(kindNode, "unknown rule kind '" + kindNode.text() + "' (known: " + kinds() + ")");
            return null;
        }
        final Set<String> known = new LinkedHashSet<>(RuleKind.COMMON_KEYS);
        known.addAll(kind.keys());
        unknownKeys(node, known);
        final String name = requiredText(node, "name", NAME, "a letter then letters, digits, _ . or -");
        final String title = optionalText(node, "title", name == null ? kind.id() : name);
        final int severity = (int)whole(node, "severity", 3, 1, 4);
        final long suppress = span(node, "suppress", 3_600_000_000_000L, true);
        final boolean enabled = bool(node, "enabled", true);
        HostSet allowHosts = HostSet.EMPTY;
        List<String> allowDomains = List.of();
        final YamlNode allow = node.map().get("allow");
        if (allow != null && isMap(allow))
        {
            unknownKeys(allow, ALLOW_KEYS);
            if (allow.map().containsKey("hosts"))
            {
                allowHosts = addresses(allow.map().get("hosts"), true);
            }
            if (allow.map().containsKey("domains"))
            {
                allowDomains = domains(allow.map().get("domains"));
            }
        }
        HostSet hosts = HostSet.EMPTY;
        if (kind == RuleKind.NEVER_INTERNET)
        {
            final YamlNode hostsNode = node.map().get("hosts");
            if (hostsNode == null)
            {
                problems.add(file + ":" + node.line() + ": " + node.path() + ".hosts: missing (the hosts or groups "
                    + "that must never reach the Internet)");
            }
            else
            {
                hosts = addresses(hostsNode, true);
            }
        }
        final long learning = span(node, "learning", 7 * 86_400_000_000_000L, true);
        int minTls = 5;
        final YamlNode minVersion = node.map().get("min_version");
        if (minVersion != null && scalar(minVersion))
        {
            minTls = TlsVersions.parse(minVersion.text());
            if (minTls == 0)
            {
                problem(minVersion, "'" + minVersion.text() + "' is not a TLS/SSL version (e.g. 1.2, tls1.2, ssl3)");
            }
        }
        final double threshold = switch (kind)
        {
            case SSH_AUTH_ATTEMPTS -> whole(node, "threshold", 10, 1, 1_000_000);
            case DGA_DOMAIN -> number(node, "threshold", 0.8, 0.0, 1.0);
            case RATE_ANOMALY -> number(node, "threshold", 6.0, 0.5, 1000.0);
            default -> 0;
        };
        final long window = span(node, "window", 10 * MINUTE_NANOS, false);
        final long maxAge = whole(node, "max_age_days", 30, 1, 36_500);
        final Set<String> ciphers = names(node, "ciphers");
        final Set<String> macs = names(node, "macs");
        final Set<String> kex = names(node, "kex");
        if (kind == RuleKind.SSH_CIPHER_POLICY && ciphers == null && macs == null && kex == null)
        {
            problems.add(file + ":" + node.line() + ": " + node.path() + ": an ssh_cipher_policy rule needs at least "
                + "one of ciphers, macs, kex");
        }
        PolicyRule.RateSettings rate = null;
        if (kind == RuleKind.RATE_ANOMALY)
        {
            final String metric = choice(node, "metric", "connections", List.of("connections", "bytes"));
            final String per = choice(node, "per", "host", List.of("host", "service"));
            final int warmup = (int)whole(node, "warmup", 60, 2, 1_000_000);
            final long halfLife = span(node, "half_life", 60 * MINUTE_NANOS, false);
            final double halfLifeMinutes = Math.max(1.0, halfLife / (double)MINUTE_NANOS);
            // Weight of a new minute such that a minute's influence halves after half_life minutes.
            final double alpha = 1.0 - Math.pow(0.5, 1.0 / halfLifeMinutes);
            final double minValue = number(node, "min_value", "bytes".equals(metric) ? 1_000_000 : 20, 0,
                Double.MAX_VALUE);
            rate = new PolicyRule.RateSettings("bytes".equals(metric), "service".equals(per), warmup, alpha,
                minValue);
        }
        if (problems.size() > before || name == null)
        {
            return null;
        }
        if (!enabled)
        {
            disabled.add(name);
        }
        final RuleIdentity identity = new RuleIdentity("policy", name, title, kind.id(), severity, null);
        return new PolicyRule(identity, kind, suppress, hosts, allowHosts, allowDomains, learning,
            minTls, threshold, window, maxAge, ciphers, macs, kex, rate);
    }

    private static String kinds()
    {
        final List<String> ids = new ArrayList<>();
        for (final RuleKind kind : RuleKind.values())
        {
            ids.add(kind.id());
        }
        return String.join(", ", ids);
    }

    private HostSet addresses(final YamlNode node, final boolean groupsAllowed)
    {
        if (node.kind() != YamlNode.Kind.LIST)
        {
            problem(node, "expected a list of addresses" + (groupsAllowed ? ", CIDR prefixes or group names"
                : " or CIDR prefixes"));
            return HostSet.EMPTY;
        }
        final List<HostSet> parts = new ArrayList<>();
        final List<String> entries = new ArrayList<>();
        for (final YamlNode element : node.list())
        {
            if (!scalar(element) || element.text() == null)
            {
                problem(element, "expected an address, a CIDR prefix" + (groupsAllowed ? " or a group name" : ""));
                continue;
            }
            final String entry = element.text().strip();
            if (entry.indexOf('.') < 0 && entry.indexOf(':') < 0)
            {
                if ("lan".equals(entry) && groupsAllowed)
                {
                    parts.add(lan);
                }
                else if (groupsAllowed && groups.get(entry) != null)
                {
                    parts.add(groups.get(entry));
                }
                else if (groupsAllowed)
                {
                    problem(element, "'" + entry + "' is neither an address nor a defined group (groups: "
                        + String.join(", ", new TreeSet<>(groups.keySet())) + ", lan)");
                }
                else
                {
                    problem(element, "'" + entry + "' is not an IP address or CIDR prefix (e.g. 10.1.0.0/16, "
                        + "192.168.1.5, fd00::/8)");
                }
                continue;
            }
            final String why = HostSet.problem(entry);
            if (why != null)
            {
                problem(element, why);
                continue;
            }
            entries.add(entry);
        }
        parts.add(HostSet.of(entries));
        return HostSet.union(parts);
    }

    private List<String> domains(final YamlNode node)
    {
        if (node.kind() != YamlNode.Kind.LIST)
        {
            problem(node, "expected a list of domain names");
            return List.of();
        }
        final List<String> domains = new ArrayList<>();
        for (final YamlNode element : node.list())
        {
            final String text = scalar(element) && element.text() != null ? element.text().strip() : "";
            if (text.isEmpty() || text.contains(" ") || text.contains("/") || text.contains("*"))
            {
                problem(element, "expected a domain name such as example.com (names below it are allowed too; no "
                    + "wildcards)");
                continue;
            }
            domains.add(text.toLowerCase(Locale.ROOT).replaceAll("\\.$", ""));
        }
        return List.copyOf(domains);
    }

    private Set<String> names(final YamlNode rule, final String key)
    {
        final YamlNode node = rule.map().get(key);
        if (node == null)
        {
            return null;
        }
        if (node.kind() != YamlNode.Kind.LIST || node.list().isEmpty())
        {
            problem(node, "expected a non-empty list of algorithm names");
            return null;
        }
        final Set<String> names = new LinkedHashSet<>();
        for (final YamlNode element : node.list())
        {
            if (!scalar(element) || element.text() == null || element.text().isBlank())
            {
                problem(element, "expected an algorithm name such as aes256-gcm@openssh.com");
                continue;
            }
            names.add(element.text().strip());
        }
        return Set.copyOf(names);
    }

    private String requiredText(final YamlNode rule, final String key, final Pattern pattern, final String form)
    {
        final YamlNode node = rule.map().get(key);
        if (node == null)
        {
            problems.add(file + ":" + rule.line() + ": " + rule.path() + "." + key + ": missing");
            return null;
        }
        if (!scalar(node) || node.text() == null || !pattern.matcher(node.text()).matches())
        {
            problem(node, "'" + node.text() + "' is not a valid " + key + " (" + form + ")");
            return null;
        }
        return node.text();
    }

    private String optionalText(final YamlNode rule, final String key, final String otherwise)
    {
        final YamlNode node = rule.map().get(key);
        if (node == null)
        {
            return otherwise;
        }
        if (!scalar(node) || node.text() == null || node.text().isBlank())
        {
            problem(node, "expected a text value");
            return otherwise;
        }
        return node.text();
    }

    private String choice(final YamlNode rule, final String key, final String otherwise, final List<String> options)
    {
        final YamlNode node = rule.map().get(key);
        if (node == null)
        {
            return otherwise;
        }
        if (!scalar(node) || !options.contains(node.text()))
        {
            problem(node, "'" + node.text() + "' is not one of " + String.join(", ", options));
            return otherwise;
        }
        return node.text();
    }

    private boolean bool(final YamlNode rule, final String key, final boolean otherwise)
    {
        final YamlNode node = rule.map().get(key);
        if (node == null)
        {
            return otherwise;
        }
        if (node.token() != JsonToken.VALUE_TRUE && node.token() != JsonToken.VALUE_FALSE)
        {
            problem(node, "'" + node.text() + "' is not true or false");
            return otherwise;
        }
        return node.token() == JsonToken.VALUE_TRUE;
    }

    private long whole(final YamlNode rule, final String key, final long otherwise, final long min, final long max)
    {
        final YamlNode node = rule.map().get(key);
        if (node == null)
        {
            return otherwise;
        }
        if (node.token() != JsonToken.VALUE_NUMBER_INT)
        {
            problem(node, "'" + node.text() + "' is not a whole number");
            return otherwise;
        }
        try
        {
            final long value = Long.parseLong(node.text());
            if (value >= min && value <= max)
            {
                return value;
            }
        }
        catch (final NumberFormatException ex)
        {
            // Falls through to the range message.
        }
        problem(node, "'" + node.text() + "' is out of range " + min + ".." + max);
        return otherwise;
    }

    private double number(final YamlNode rule, final String key, final double otherwise, final double min,
        final double max)
    {
        final YamlNode node = rule.map().get(key);
        if (node == null)
        {
            return otherwise;
        }
        if (node.token() != JsonToken.VALUE_NUMBER_INT && node.token() != JsonToken.VALUE_NUMBER_FLOAT)
        {
            problem(node, "'" + node.text() + "' is not a number");
            return otherwise;
        }
        final double value = Double.parseDouble(node.text());
        if (!(value >= min && value <= max))
        {
            problem(node, "'" + node.text() + "' is out of range " + trim(min) + ".." + trim(max));
            return otherwise;
        }
        return value;
    }

    private static String trim(final double value)
    {
        return value == Double.MAX_VALUE ? "" : value == Math.rint(value) ? Long.toString((long)value)
            : Double.toString(value);
    }

    private long span(final YamlNode rule, final String key, final long otherwise, final boolean zeroAllowed)
    {
        final YamlNode node = rule.map().get(key);
        if (node == null)
        {
            return otherwise;
        }
        final Matcher matcher = scalar(node) && node.text() != null ? SPAN.matcher(node.text().strip()) : null;
        if (matcher == null || !matcher.matches())
        {
            problem(node, "'" + node.text() + "' is not a duration (a number and a unit: ms, s, m, h, d; e.g. 10m)");
            return otherwise;
        }
        final long unit = switch (matcher.group(2))
        {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> MINUTE_NANOS;
            case "h" -> 60 * MINUTE_NANOS;
            default -> 24 * 60 * MINUTE_NANOS;
        };
        try
        {
            final long nanos = Math.multiplyExact(Long.parseLong(matcher.group(1)), unit);
            if (nanos == 0 && !zeroAllowed)
            {
                problem(node, "must be longer than 0");
                return otherwise;
            }
            return nanos;
        }
        catch (final ArithmeticException | NumberFormatException ex)
        {
            problem(node, "'" + node.text() + "' is too long");
            return otherwise;
        }
    }

    private boolean isMap(final YamlNode node)
    {
        if (node.kind() != YamlNode.Kind.MAP)
        {
            problem(node, "expected a section of keys");
            return false;
        }
        return true;
    }

    private static boolean scalar(final YamlNode node)
    {
        return node.kind() == YamlNode.Kind.SCALAR;
    }

    private void unknownKeys(final YamlNode node, final Set<String> known)
    {
        for (final Map.Entry<String, YamlNode> entry : node.map().entrySet())
        {
            if (!known.contains(entry.getKey()))
            {
                problem(entry.getValue(), "unknown key (known here: "
                    + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    private List<String> inFileOrder()
    {
        final String prefix = file + ":";
        final List<String> sorted = new ArrayList<>(problems);
        // Stable: problems on one line keep the order they were found in; those without a line come first.
        sorted.sort(Comparator.comparingInt(line ->
        {
            if (!line.startsWith(prefix))
            {
                return 0;
            }
            final int end = line.indexOf(':', prefix.length());
            try
            {
                return end < 0 ? 0 : Integer.parseInt(line.substring(prefix.length(), end));
            }
            catch (final NumberFormatException ex)
            {
                return 0;
            }
        }));
        return sorted;
    }

    private void problem(final YamlNode node, final String reason)
    {
        problems.add(file + ":" + node.line() + ": " + node.path() + ": " + reason);
    }
}
