package org.stasensor.rules.policy;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordReader;

/**
 * What the policy rules look at in one record, read in one pass over its fields. Reused for every record; text
 * fields are decoded only for the few fields the rules compare.
 */
final class RecordFacts
{
    private static final byte[] NOT_DNS_FLAG = "dns_port_not_dns".getBytes(StandardCharsets.US_ASCII);

    Dataset dataset;
    long time;
    int ipVersion;
    int transport;
    int sourcePort;
    int destinationPort;
    DirectBuffer buffer;
    int sourceOffset;
    int destinationOffset;

    boolean notDnsOnDnsPort;
    String networkProtocol;
    String tlsVersion;
    String tlsVersionProtocol;
    String serverName;
    String dnsType;
    String questionName;
    long sshAttempts;
    String sshCipherC2s;
    String sshCipherS2c;
    String sshMacC2s;
    String sshMacS2c;
    String sshKex;
    double dgaScore;
    long ageDays;
    long creationDate;
    boolean hasCreationDate;
    String domainName;
    String registeredDomain;
    long sourceBytes;
    long destinationBytes;
    String eventReason;

    /**
     * Reads a record.
     *
     * @param record positioned anywhere; rewound.
     */
    void read(final RecordReader record)
    {
        clear();
        dataset = record.dataset();
        time = record.timestampNanos();
        ipVersion = record.ipVersion();
        transport = record.transport();
        sourcePort = record.sourcePort();
        destinationPort = record.destinationPort();
        buffer = record.buffer();
        sourceOffset = record.sourceAddressOffset();
        destinationOffset = record.destinationAddressOffset();
        record.rewind();
        while (record.nextField())
        {
            final int id = record.fieldId();
            if (id == Fields.STA_FLAGS.id())
            {
                notDnsOnDnsPort |= equalsAscii(record, NOT_DNS_FLAG);
            }
            else if (id == Fields.NETWORK_PROTOCOL.id())
            {
                networkProtocol = text(record);
            }
            else if (id == Fields.TLS_VERSION.id())
            {
                tlsVersion = text(record);
            }
            else if (id == Fields.TLS_VERSION_PROTOCOL.id())
            {
                tlsVersionProtocol = text(record);
            }
            else if (id == Fields.TLS_CLIENT_SERVER_NAME.id())
            {
                serverName = text(record);
            }
            else if (id == Fields.DNS_TYPE.id())
            {
                dnsType = text(record);
            }
            else if (id == Fields.DNS_QUESTION_NAME.id())
            {
                questionName = text(record);
            }
            else if (id == Fields.SSH_AUTH_ATTEMPTS.id())
            {
                sshAttempts = record.valueAsLong();
            }
            else if (id == Fields.SSH_CIPHER_C2S.id())
            {
                sshCipherC2s = text(record);
            }
            else if (id == Fields.SSH_CIPHER_S2C.id())
            {
                sshCipherS2c = text(record);
            }
            else if (id == Fields.SSH_MAC_C2S.id())
            {
                sshMacC2s = text(record);
            }
            else if (id == Fields.SSH_MAC_S2C.id())
            {
                sshMacS2c = text(record);
            }
            else if (id == Fields.SSH_KEX_ALGORITHM.id())
            {
                sshKex = text(record);
            }
            else if (id == Fields.DOMAIN_DGA_SCORE.id())
            {
                dgaScore = record.valueAsDouble();
            }
            else if (id == Fields.DOMAIN_AGE_DAYS.id() && record.valueLength() == 8)
            {
                ageDays = record.valueAsLong();
            }
            else if (id == Fields.DOMAIN_CREATION_DATE.id() && record.valueLength() == 8)
            {
                creationDate = record.valueAsLong();
                hasCreationDate = true;
            }
            else if (id == Fields.DOMAIN_NAME.id())
            {
                domainName = text(record);
            }
            else if (id == Fields.DOMAIN_REGISTERED_DOMAIN.id())
            {
                registeredDomain = text(record);
            }
            else if (id == Fields.SOURCE_BYTES.id())
            {
                sourceBytes = record.valueAsLong();
            }
            else if (id == Fields.DESTINATION_BYTES.id())
            {
                destinationBytes = record.valueAsLong();
            }
            else if (id == Fields.EVENT_REASON.id())
            {
                eventReason = text(record);
            }
        }
        record.rewind();
    }

    private void clear()
    {
        notDnsOnDnsPort = false;
        networkProtocol = null;
        tlsVersion = null;
        tlsVersionProtocol = null;
        serverName = null;
        dnsType = null;
        questionName = null;
        sshAttempts = 0;
        sshCipherC2s = null;
        sshCipherS2c = null;
        sshMacC2s = null;
        sshMacS2c = null;
        sshKex = null;
        dgaScore = Double.NaN;
        ageDays = Long.MIN_VALUE;
        creationDate = 0;
        hasCreationDate = false;
        domainName = null;
        registeredDomain = null;
        sourceBytes = 0;
        destinationBytes = 0;
        eventReason = null;
    }

    boolean hasAddresses()
    {
        return ipVersion == 4 || ipVersion == 6;
    }

    /**
     * The domain the record names, most specific first: the enrichment's judged name, the SNI, the DNS question.
     *
     * @return the name or null.
     */
    String anyDomain()
    {
        return domainName != null ? domainName : serverName != null ? serverName : questionName;
    }

    String source()
    {
        return Addresses.text(buffer, sourceOffset, ipVersion);
    }

    String destination()
    {
        return Addresses.text(buffer, destinationOffset, ipVersion);
    }

    String service()
    {
        return destinationPort + "/" + (transport == 6 ? "tcp" : transport == 17 ? "udp" : Integer.toString(transport));
    }

    private static String text(final RecordReader record)
    {
        return record.buffer().getStringWithoutLengthUtf8(record.valueOffset(), record.valueLength());
    }

    private static boolean equalsAscii(final RecordReader record, final byte[] expected)
    {
        if (record.valueLength() != expected.length)
        {
            return false;
        }
        final DirectBuffer buffer = record.buffer();
        final int offset = record.valueOffset();
        for (int i = 0; i < expected.length; i++)
        {
            if (buffer.getByte(offset + i) != expected[i])
            {
                return false;
            }
        }
        return true;
    }
}
