package org.stasensor.pipeline.inspect;

import org.stasensor.pipeline.flow.AppProtocol;
import org.stasensor.pipeline.flow.FlowDescriptor;
import org.stasensor.pipeline.flow.FlowEndReason;
import org.stasensor.pipeline.flow.FlowTable;
import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordWriter;

/**
 * Writes the fields of a flow record (Zeek's conn.log in ECS names) from a flow's slot.
 */
final class FlowRecordWriter
{
    void write(final RecordWriter writer, final FlowTable flows, final int flow, final FlowEndReason reason)
    {
        final long start = flows.firstSeen(flow);
        final long end = Math.max(start, flows.lastSeen(flow));
        writer.putAscii(Fields.NETWORK_PROTOCOL, AppProtocol.name(flows.appProtocol(flow)))
            .putLong(Fields.SOURCE_BYTES, flows.clientBytes(flow))
            .putLong(Fields.SOURCE_PACKETS, flows.clientPackets(flow))
            .putLong(Fields.DESTINATION_BYTES, flows.serverBytes(flow))
            .putLong(Fields.DESTINATION_PACKETS, flows.serverPackets(flow))
            .putLong(Fields.EVENT_START, start)
            .putLong(Fields.EVENT_END, end)
            .putLong(Fields.EVENT_DURATION, end - start)
            .putAscii(Fields.EVENT_REASON, reason.text());
        if ((flows.flags(flow) & FlowDescriptor.FLAG_NOT_DNS_ON_DNS_PORT) != 0)
        {
            writer.putAscii(Fields.STA_FLAGS, "dns_port_not_dns");
        }
    }
}
