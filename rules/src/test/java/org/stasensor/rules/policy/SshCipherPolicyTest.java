package org.stasensor.rules.policy;

import org.stasensor.pipeline.testing.CapturedRecords;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ssh_cipher_policy with the shipped allowed lists: OpenSSH 5.6 in nDPI ssh.pcap negotiates aes128-ctr with
 * hmac-md5 (tshark: ssh.mac_algorithms_client_to_server) and alerts for the MAC; the OpenSSH 8.2 session in the same
 * file (hmac-sha2-256-etm) and a modern session in FoxIO ja4 ssh.pcapng (chacha20-poly1305, curve25519-sha256) do
 * not.
 */
class SshCipherPolicyTest
{
    private static final String POLICY = """
        rules:
          - name: ssh-cipher-policy
            kind: ssh_cipher_policy
            ciphers: [chacha20-poly1305@openssh.com, aes128-gcm@openssh.com, aes256-gcm@openssh.com, aes128-ctr,
                      aes192-ctr, aes256-ctr]
            macs: [hmac-sha2-256-etm@openssh.com, hmac-sha2-512-etm@openssh.com, umac-128-etm@openssh.com,
                   hmac-sha2-256, hmac-sha2-512]
            kex: [curve25519-sha256, curve25519-sha256@libssh.org, ecdh-sha2-nistp256,
                  diffie-hellman-group-exchange-sha256, diffie-hellman-group16-sha512]
        """;

    @TempDir
    Path temp;

    @Test
    void md5MacAlerts()
    {
        final Captures captures = new Captures(temp);
        final Alerts alerts = Alerts.run(Alerts.engine(POLICY),
            CapturedRecords.of(captures.corpus("nDPI/pcap/ssh.pcap")));
        assertEquals(List.of("SSH 172.16.238.1 to 172.16.238.168 negotiated algorithms outside the policy: MAC client "
            + "to server hmac-md5, MAC server to client hmac-md5"), alerts.messages());
    }

    @Test
    void modernAlgorithmsDoNotAlert()
    {
        final Captures captures = new Captures(temp);
        assertEquals(List.of(), Alerts.run(Alerts.engine(POLICY),
            CapturedRecords.of(captures.corpus("ja4/pcap/ssh.pcapng"))).messages());
    }

    @Test
    void md5AllowedByPolicyDoesNotAlert()
    {
        final Captures captures = new Captures(temp);
        final String lenient = POLICY.replace("hmac-sha2-512]", "hmac-sha2-512, hmac-md5]");
        assertEquals(List.of(), Alerts.run(Alerts.engine(lenient),
            CapturedRecords.of(captures.corpus("nDPI/pcap/ssh.pcap"))).messages());
    }
}
