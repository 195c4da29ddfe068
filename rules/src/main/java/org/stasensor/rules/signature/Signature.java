package org.stasensor.rules.signature;

import org.agrona.DirectBuffer;
import org.stasensor.pipeline.record.Dataset;
import org.stasensor.pipeline.record.RecordReader;
import org.stasensor.rules.RuleIdentity;

/**
 * One loaded rule, compiled: which records it looks at (datasets, transport, addresses, ports), the conditions on
 * their buffers, and what it raises. Evaluation allocates nothing.
 */
final class Signature
{
    /** Conditions on one buffer: some value of the buffer must satisfy all of them. */
    static final class BufferCondition
    {
        final Buffer buffer;
        final ContentMatch[] contents;
        final PcreMatch[] pcres;

        BufferCondition(final Buffer buffer, final ContentMatch[] contents, final PcreMatch[] pcres)
        {
            this.buffer = buffer;
            this.contents = contents;
            this.pcres = pcres;
        }
    }

    static final int ANY_SIDE = -1;

    final int index;
    final long sid;
    final RuleIdentity identity;
    final String message;
    final int datasets;
    final int transport;
    final AddressSet source;
    final AddressSet destination;
    final PortSet sourcePorts;
    final PortSet destinationPorts;
    final boolean bidirectional;
    final BufferCondition[] conditions;
    final byte[] tlsVersion;
    final byte[] applicationProtocol;
    final boolean applicationProtocolNegated;
    final int established;
    final int side;
    final Threshold threshold;

    Signature(final int index, final long sid, final RuleIdentity identity, final Parts parts)
    {
        this.index = index;
        this.sid = sid;
        this.identity = identity;
        this.message = identity.name();
        this.datasets = parts.datasets;
        this.transport = parts.transport;
        this.source = parts.source;
        this.destination = parts.destination;
        this.sourcePorts = parts.sourcePorts;
        this.destinationPorts = parts.destinationPorts;
        this.bidirectional = parts.bidirectional;
        this.conditions = parts.conditions;
        this.tlsVersion = parts.tlsVersion;
        this.applicationProtocol = parts.applicationProtocol;
        this.applicationProtocolNegated = parts.applicationProtocolNegated;
        this.established = parts.established;
        this.side = parts.side;
        this.threshold = parts.threshold;
    }

    /** What the parser gathered, before the rule gets its index and identity. */
    static final class Parts
    {
        int datasets;
        int transport;
        AddressSet source;
        AddressSet destination;
        PortSet sourcePorts;
        PortSet destinationPorts;
        boolean bidirectional;
        BufferCondition[] conditions = new BufferCondition[0];
        byte[] tlsVersion;
        byte[] applicationProtocol;
        boolean applicationProtocolNegated;
        int established = -1;
        int side = ANY_SIDE;
        Threshold threshold;
    }

    /**
     * Whether the rule matches the record (threshold not applied).
     *
     * @param view    the record's buffers.
     * @param aborted counts pcre runs stopped by their budget, in element 0.
     * @return true on a match.
     */
    boolean matches(final RecordView view, final long[] aborted)
    {
        final Dataset dataset = view.dataset();
        if (dataset == null || (datasets & (1 << dataset.code())) == 0)
        {
            return false;
        }
        final RecordReader record = view.record();
        if (transport != 0 && record.transport() != transport)
        {
            return false;
        }
        if (!addressesMatch(record))
        {
            return false;
        }
        if (established >= 0 && view.established() != (established == 1))
        {
            return false;
        }
        if (tlsVersion != null && !view.tlsVersionIs(tlsVersion))
        {
            return false;
        }
        if (applicationProtocol != null)
        {
            if (!view.hasProtocol() || view.protocolIs(applicationProtocol) == applicationProtocolNegated)
            {
                return false;
            }
        }
        for (final BufferCondition condition : conditions)
        {
            if (!conditionHolds(condition, view, aborted))
            {
                return false;
            }
        }
        return true;
    }

    private boolean addressesMatch(final RecordReader record)
    {
        final DirectBuffer memory = record.buffer();
        final int version = record.ipVersion();
        final int src = record.sourceAddressOffset();
        final int dst = record.destinationAddressOffset();
        final int sp = record.sourcePort();
        final int dp = record.destinationPort();
        final boolean forward = source.contains(memory, src, version) && destination.contains(memory, dst, version) &&
            sourcePorts.contains(sp) && destinationPorts.contains(dp);
        if (forward || !bidirectional)
        {
            return forward;
        }
        return source.contains(memory, dst, version) && destination.contains(memory, src, version) &&
            sourcePorts.contains(dp) && destinationPorts.contains(sp);
    }

    private boolean conditionHolds(final BufferCondition condition, final RecordView view, final long[] aborted)
    {
        final Buffer buffer = condition.buffer;
        if (buffer == Buffer.DNS_QUERY && !view.isDnsQuery())
        {
            return false;
        }
        final int count = view.count(buffer);
        for (int k = 0; k < count; k++)
        {
            if (side != ANY_SIDE && (buffer == Buffer.SSH_SOFTWARE || buffer == Buffer.SSH_PROTO) &&
                view.side(buffer, k) != side)
            {
                continue;
            }
            if (valueHolds(condition, view.memory(buffer, k), view.offset(buffer, k), view.length(buffer, k),
                aborted))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean valueHolds(final BufferCondition condition, final DirectBuffer memory, final int offset,
        final int length, final long[] aborted)
    {
        for (final ContentMatch content : condition.contents)
        {
            if (!content.matches(memory, offset, length))
            {
                return false;
            }
        }
        for (final PcreMatch pcre : condition.pcres)
        {
            if (pcre.matches(memory, offset, length, aborted) != 1)
            {
                return false;
            }
        }
        return true;
    }
}
