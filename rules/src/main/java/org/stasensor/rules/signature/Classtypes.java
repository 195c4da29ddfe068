package org.stasensor.rules.signature;

import java.util.Map;

/**
 * Default priorities of the classtypes in Suricata's classification.config, used when a rule has no priority.
 */
final class Classtypes
{
    /** Priority of a rule without priority whose classtype is unknown or absent. */
    static final int UNKNOWN_PRIORITY = 3;

    private static final Map<String, Integer> PRIORITIES = Map.ofEntries(
        Map.entry("not-suspicious", 3), Map.entry("unknown", 3), Map.entry("bad-unknown", 2),
        Map.entry("attempted-recon", 2), Map.entry("successful-recon-limited", 2),
        Map.entry("successful-recon-largescale", 2), Map.entry("attempted-dos", 2), Map.entry("successful-dos", 2),
        Map.entry("attempted-user", 1), Map.entry("unsuccessful-user", 1), Map.entry("successful-user", 1),
        Map.entry("attempted-admin", 1), Map.entry("successful-admin", 1), Map.entry("rpc-portmap-decode", 2),
        Map.entry("shellcode-detect", 1), Map.entry("string-detect", 3), Map.entry("suspicious-filename-detect", 2),
        Map.entry("suspicious-login", 2), Map.entry("system-call-detect", 2), Map.entry("tcp-connection", 4),
        Map.entry("trojan-activity", 1), Map.entry("unusual-client-port-connection", 2),
        Map.entry("network-scan", 3), Map.entry("denial-of-service", 2), Map.entry("non-standard-protocol", 2),
        Map.entry("protocol-command-decode", 3), Map.entry("web-application-activity", 2),
        Map.entry("web-application-attack", 1), Map.entry("misc-activity", 3), Map.entry("misc-attack", 2),
        Map.entry("icmp-event", 3), Map.entry("inappropriate-content", 1), Map.entry("policy-violation", 1),
        Map.entry("default-login-attempt", 2), Map.entry("targeted-activity", 1), Map.entry("exploit-kit", 1),
        Map.entry("external-ip-check", 2), Map.entry("domain-c2", 1), Map.entry("pup-activity", 2),
        Map.entry("credential-theft", 1), Map.entry("social-engineering", 2), Map.entry("coin-mining", 2),
        Map.entry("command-and-control", 1));

    private Classtypes()
    {
    }

    static int priority(final String classtype)
    {
        return classtype == null ? UNKNOWN_PRIORITY : PRIORITIES.getOrDefault(classtype, UNKNOWN_PRIORITY);
    }
}
