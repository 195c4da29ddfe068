package org.stasensor.pipeline.tcp;

import org.stasensor.pipeline.record.Fields;
import org.stasensor.pipeline.record.RecordWriter;

/**
 * The {@code sta.flags} names of a handshake record's stream anomalies ({@link StreamState} flags of each direction),
 * the same for every protocol: {@code client_gap}, {@code server_midstream}...
 */
public final class StreamFlags
{
    private static final int[] FLAGS = {StreamState.FLAG_MIDSTREAM, StreamState.FLAG_GAP,
        StreamState.FLAG_BUFFER_FULL, StreamState.FLAG_INCONSISTENT_OVERLAP};
    private static final String[] CLIENT_NAMES =
        {"client_midstream", "client_gap", "client_buffer_full", "client_inconsistent_overlap"};
    private static final String[] SERVER_NAMES =
        {"server_midstream", "server_gap", "server_buffer_full", "server_inconsistent_overlap"};

    private StreamFlags()
    {
    }

    /**
     * Adds the anomalies of both directions to the record.
     *
     * @param writer      the record.
     * @param clientFlags the client stream's flags.
     * @param serverFlags the server stream's flags.
     */
    public static void write(final RecordWriter writer, final int clientFlags, final int serverFlags)
    {
        for (int i = 0; i < FLAGS.length; i++)
        {
            if ((clientFlags & FLAGS[i]) != 0)
            {
                writer.putAscii(Fields.STA_FLAGS, CLIENT_NAMES[i]);
            }
        }
        for (int i = 0; i < FLAGS.length; i++)
        {
            if ((serverFlags & FLAGS[i]) != 0)
            {
                writer.putAscii(Fields.STA_FLAGS, SERVER_NAMES[i]);
            }
        }
    }
}
