package org.stasensor.pipeline.flow;

/**
 * Layout of one flow slot in the {@link FlowTable} slab; native byte order. 128 bytes per flow, plus 8 bytes of
 * hash index, so a table of 262,144 flows takes 34 MiB.
 * <pre>
 *   0  int   hash                      4  int   handshake session index, -1 when none
 *   8  long  uid                      16  long  first packet, ns
 *  24  long  last packet, ns          32  long  bytes from client (initiator)
 *  40  long  bytes from server        48  long  packets from client
 *  56  long  packets from server      64  int   LRU previous flow, -1 at the end
 *  68  int   LRU next flow, -1        72  byte  IP version
 *  73  byte  transport                74  short client port
 *  76  short server port              78  byte  application protocol ({@link AppProtocol})
 *  79  byte  flow flags               80  byte  TCP flags seen from client
 *  81  byte  TCP flags seen from server  82..95 reserved
 *  96  16 bytes client address       112  16 bytes server address
 * </pre>
 */
public final class FlowDescriptor
{
    /** Bytes per flow slot. */
    public static final int SLOT_LENGTH = 128;

    static final int HASH = 0;
    static final int SESSION = 4;
    static final int UID = 8;
    static final int FIRST_SEEN = 16;
    static final int LAST_SEEN = 24;
    static final int CLIENT_BYTES = 32;
    static final int SERVER_BYTES = 40;
    static final int CLIENT_PACKETS = 48;
    static final int SERVER_PACKETS = 56;
    static final int LRU_PREVIOUS = 64;
    static final int LRU_NEXT = 68;
    static final int IP_VERSION = 72;
    static final int TRANSPORT = 73;
    static final int CLIENT_PORT = 74;
    static final int SERVER_PORT = 76;
    static final int APP_PROTOCOL = 78;
    static final int FLAGS = 79;
    static final int CLIENT_TCP_FLAGS = 80;
    static final int SERVER_TCP_FLAGS = 81;
    static final int CLIENT_ADDRESS = 96;
    static final int SERVER_ADDRESS = 112;

    /** Flow flag: a FIN was seen from the client. */
    public static final int FLAG_CLIENT_FIN = 1;
    /** Flow flag: a FIN was seen from the server. */
    public static final int FLAG_SERVER_FIN = 2;
    /** Flow flag: a RST was seen. */
    public static final int FLAG_RESET = 4;
    /** Flow flag: the handshake parsers are done with this flow (or gave up). */
    public static final int FLAG_INSPECTION_DONE = 8;
    /** Flow flag: the first packet seen was a SYN without ACK, so client and server are certain. */
    public static final int FLAG_SAW_SYN = 16;
    /** Flow flag: the flow is on a DNS port (53, 5353, 853 or a configured one) and carried something else. */
    public static final int FLAG_NOT_DNS_ON_DNS_PORT = 32;

    private FlowDescriptor()
    {
    }
}
