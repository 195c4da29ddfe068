package org.stasensor.rules.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mistakes in policy files are reported as FILE:LINE: key: reason, every one of a file at once; the shipped default
 * policy loads.
 */
class BadPolicyFilesTest
{
    @TempDir
    Path temp;

    private List<String> problems(final String yaml) throws Exception
    {
        final Path file = temp.resolve("policy.yaml");
        Files.writeString(file, yaml);
        final PolicyException ex = assertThrows(PolicyException.class, () -> PolicyLoader.load(file));
        return ex.problems().stream().map(line -> line.replace(file.toString(), "F")).toList();
    }

    @Test
    void shippedPolicyLoads() throws Exception
    {
        final Policy policy = PolicyLoader.load(TestFiles.projectRoot().resolve("conf/rules/policy.yaml"));
        assertEquals(11, policy.ruleNames().size(), policy.ruleNames().toString());
        assertTrue(policy.groupNames().contains("no_internet"));
    }

    @Test
    void unknownKeysNameTheirLineAndTheKnownKeys() throws Exception
    {
        assertEquals(List.of(
            "F:1: colour: unknown key (known here: groups, lan, rules)",
            "F:5: rules.1.treshold: unknown key (known here: allow, enabled, kind, name, severity, suppress, threshold,"
                + " title, window)"),
            problems("""
                colour: blue
                rules:
                  - name: ssh
                    kind: ssh_auth_attempts
                    treshold: 5
                """));
    }

    @Test
    void wrongTypesAndRanges() throws Exception
    {
        assertEquals(List.of(
            "F:4: rules.1.severity: '7' is out of range 1..4",
            "F:5: rules.1.threshold: 'ten' is not a whole number",
            "F:6: rules.1.window: '10 minutes' is not a duration (a number and a unit: ms, s, m, h, d; e.g. 10m)",
            "F:9: rules.2.threshold: '1.5' is out of range 0..1",
            "F:10: rules.2.enabled: 'yes please' is not true or false"),
            problems("""
                rules:
                  - name: ssh
                    kind: ssh_auth_attempts
                    severity: 7
                    threshold: ten
                    window: 10 minutes
                  - name: dga
                    kind: dga_domain
                    threshold: 1.5
                    enabled: yes please
                """));
    }

    @Test
    void unknownKindListsTheKnownOnes() throws Exception
    {
        final List<String> problems = problems("""
            rules:
              - name: x
                kind: port_scan
            """);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("F:3: rules.1.kind: unknown rule kind 'port_scan' (known: "
            + "never_internet, new_public_dns_server, "), problems.get(0));
    }

    @Test
    void badAddressesAndUnknownGroups() throws Exception
    {
        assertEquals(List.of(
            "F:2: lan.1: '10.0.0.0/33': prefix length must be 0..32",
            "F:5: groups.db2.1: 'db.example.com' is not an IP address or CIDR prefix (e.g. 10.1.0.0/16, 192.168.1.5, "
                + "fd00::/8)",
            "F:9: rules.1.hosts.1: 'databases' is neither an address nor a defined group (groups: db, db2, lan)"),
            problems("""
                lan:
                  - 10.0.0.0/33
                groups:
                  db: [10.1.2.3, 2001:db8::/32]
                  db2: [db.example.com]
                rules:
                  - name: never
                    kind: never_internet
                    hosts: [databases]
                """));
    }

    @Test
    void missingPartsAndDuplicates() throws Exception
    {
        assertEquals(List.of(
            "F:2: rules.1.kind: missing (one of never_internet, new_public_dns_server, non_dns_on_dns_port, "
                + "old_tls_to_public, outbound_ssh, ssh_auth_attempts, ssh_cipher_policy, dga_domain, young_domain, "
                + "rate_anomaly)",
            "F:3: rules.2.hosts: missing (the hosts or groups that must never reach the Internet)",
            "F:7: rules.4.name: rule name 'a' is used twice",
            "F:9: rules.5: an ssh_cipher_policy rule needs at least one of ciphers, macs, kex"),
            problems("""
                rules:
                  - name: nokind
                  - name: b
                    kind: never_internet
                  - name: a
                    kind: outbound_ssh
                  - name: a
                    kind: outbound_ssh
                  - name: c
                    kind: ssh_cipher_policy
                """));
    }

    @Test
    void yamlErrorsAndDuplicateKeys() throws Exception
    {
        assertEquals(List.of("F:3: not valid YAML: rules.1.kind: key given twice (first on line 2)"),
            problems("""
                rules:
                  - kind: outbound_ssh
                    kind: dga_domain
                """));
        final List<String> broken = problems("rules: [\n  - name: x\n");
        assertEquals(1, broken.size());
        assertTrue(broken.get(0).startsWith("F:") && broken.get(0).contains("not valid YAML"), broken.get(0));
        assertEquals(List.of("F: the policy file is empty"), problems("# nothing\n"));
        assertEquals(List.of("F: rules: missing (a list of rules; an empty list [] turns detection off)"),
            problems("lan: [10.0.0.0/8]\n"));
    }

    @Test
    void missingFileIsOneLine()
    {
        final PolicyException ex = assertThrows(PolicyException.class,
            () -> PolicyLoader.load(temp.resolve("nope.yaml")));
        assertEquals(List.of(temp.resolve("nope.yaml") + ": no such policy file"), ex.problems());
    }
}
