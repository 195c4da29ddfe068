/*
 * sta_dpdk: the few coarse calls the sensor needs from DPDK 22.11, as plain functions.
 *
 * Java's Foreign Function & Memory API can call only exported symbols; much of DPDK's receive path is defined
 * inline in its headers (rte_eth_rx_burst, rte_pktmbuf_mtod, rte_pktmbuf_free_bulk, rte_errno, the mbuf dynamic
 * fields). This shim exports them, batched so that one downcall serves a burst of up to STA_DPDK_MAX_BURST
 * packets. The header needs no DPDK header: DPDK types are opaque pointers here, so the Java bindings
 * (org.stasensor.nativebindings.dpdk.sta_dpdk_h) are generated from this file alone (bin/regenerate-bindings).
 *
 * Threads: every function may be called from any thread once sta_dpdk_eal_init succeeded, except that a receive
 * queue must be polled by one thread at a time (DPDK's rule), and sta_dpdk_errno reads the calling thread's error.
 * Return values: 0 or a count on success; a negative errno value on failure, unless said otherwise.
 */
#ifndef STA_DPDK_H
#define STA_DPDK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Most packets one sta_dpdk_rx_burst call returns. */
#define STA_DPDK_MAX_BURST 64
/** Per-queue counters in struct sta_dpdk_port_stats (RTE_ETHDEV_QUEUE_STAT_CNTRS of DPDK's default build). */
#define STA_DPDK_QUEUE_STAT_COUNTERS 16
/** Bytes for a port or driver name, with its terminating NUL. */
#define STA_DPDK_NAME_SIZE 64

/** sta_dpdk_port_configure result flags: the PMD hashes flows to queues with the symmetric key. */
#define STA_DPDK_CONFIGURED_RSS 1
/** sta_dpdk_port_configure result flags: one transmit queue was needed (the PMD refused none). */
#define STA_DPDK_CONFIGURED_TX_QUEUE 2
/** sta_dpdk_port_configure result flags: the PMD stamps packets with Unix time in ns (net_pcap). */
#define STA_DPDK_CONFIGURED_PMD_TIMESTAMPS 4

/**
 * One burst, filled by sta_dpdk_rx_burst: packet i is described by element i of every array. The caller allocates
 * it once (off-heap) and reuses it for every burst; sta_dpdk_free_bulk returns the mbufs to their pool.
 */
struct sta_dpdk_burst
{
    /** The mbufs (struct rte_mbuf *), to be freed after the packets were used. */
    void *mbufs[STA_DPDK_MAX_BURST];
    /** Address of the first byte of the packet (rte_pktmbuf_mtod). */
    uint64_t data[STA_DPDK_MAX_BURST];
    /** Bytes at data: the first segment (rte_pktmbuf_data_len). */
    uint32_t data_length[STA_DPDK_MAX_BURST];
    /** Bytes of the whole packet (rte_pktmbuf_pkt_len); more than data_length only for a chained mbuf. */
    uint32_t packet_length[STA_DPDK_MAX_BURST];
    /** Receive time, ns since the Unix epoch: the PMD's stamp, or CLOCK_REALTIME read once per burst. */
    int64_t timestamp[STA_DPDK_MAX_BURST];
};

/** What a port is and offers (from rte_eth_dev_info_get and rte_eth_dev_get_name_by_port). */
struct sta_dpdk_port_info
{
    /** Device name, e.g. "net_pcap0" or "0000:01:00.0". */
    char name[STA_DPDK_NAME_SIZE];
    /** Driver name, e.g. "net_pcap". */
    char driver_name[STA_DPDK_NAME_SIZE];
    /** RSS hash functions the PMD offers (RTE_ETH_RSS_*); 0: no RSS. */
    uint64_t flow_type_rss_offloads;
    /** Receive offloads the PMD offers (RTE_ETH_RX_OFFLOAD_*). */
    uint64_t rx_offload_capa;
    /** NUMA socket of the device, or -1 when unknown. */
    int32_t socket_id;
    /** Most receive queues. */
    uint16_t max_rx_queues;
    /** Most transmit queues. */
    uint16_t max_tx_queues;
    /** Bytes of the RSS key the PMD takes; 0: the PMD does not say. */
    uint8_t hash_key_size;
    /** 1 when the PMD fills the mbuf rx timestamp field with Unix time in ns when asked. */
    uint8_t unix_timestamps;
};

/** Port counters (struct rte_eth_stats), since the port was started. */
struct sta_dpdk_port_stats
{
    /** Packets received. */
    uint64_t ipackets;
    /** Bytes received. */
    uint64_t ibytes;
    /** Packets the NIC dropped: its receive queue was full. */
    uint64_t imissed;
    /** Erroneous packets received. */
    uint64_t ierrors;
    /** Receive buffer allocation failures (mbuf pool empty). */
    uint64_t rx_nombuf;
    /** Packets received per queue, where the PMD counts per queue. */
    uint64_t q_ipackets[STA_DPDK_QUEUE_STAT_COUNTERS];
    /** Erroneous packets per queue, where the PMD counts per queue. */
    uint64_t q_errors[STA_DPDK_QUEUE_STAT_COUNTERS];
};

/**
 * rte_eal_init with a copy of argv (argv[0] is the program name), from the calling thread, which EAL pins to the
 * main lcore: call it from a thread made for it. What EAL prints on standard output and standard error while it
 * starts (log lines, getopt's complaints, usage) is caught and copied, NUL-terminated, into messages.
 * Returns the number of arguments EAL parsed (>= 0), or -1 with sta_dpdk_errno() set.
 */
int sta_dpdk_eal_init(int argc, char **argv, char *messages, size_t messages_size);

/** rte_errno of the calling thread (thread-local in DPDK, inline there). */
int sta_dpdk_errno(void);

/** rte_strerror: text for an errno or DPDK error value. */
const char *sta_dpdk_strerror(int error);

/** rte_thread_register: makes the calling thread an EAL thread (own lcore id, mempool cache). Returns its lcore id or -1. */
int sta_dpdk_thread_register(void);

/** rte_thread_unregister for a thread registered with sta_dpdk_thread_register. */
void sta_dpdk_thread_unregister(void);

/** Available ports (rte_eth_dev_count_avail). */
int sta_dpdk_port_count(void);

/** Port ids of the available ports, in order, at most capacity of them. Returns how many. */
int sta_dpdk_port_ids(uint16_t *ids, int capacity);

/** Port id of a device name (rte_eth_dev_get_port_by_name). Returns the id or a negative errno. */
int sta_dpdk_port_by_name(const char *name);

/** Fills info for a port. */
int sta_dpdk_port_info(uint16_t port_id, struct sta_dpdk_port_info *info);

/**
 * Bytes a pool of count mbufs with data_room_size bytes of buffer each (headroom included) takes from the DPDK
 * heap, as rte_pktmbuf_pool_create would lay it out: for messages when creation fails.
 */
uint64_t sta_dpdk_pktmbuf_pool_bytes(uint32_t count, uint16_t data_room_size);

/** Free bytes of the DPDK heap of a NUMA socket (SOCKET_ID_ANY = -1: all). */
uint64_t sta_dpdk_heap_free_bytes(int socket_id);

/**
 * rte_pktmbuf_pool_create with a per-lcore cache sized for bursts. Returns the pool (struct rte_mempool *) or NULL
 * with sta_dpdk_errno() set.
 */
void *sta_dpdk_pktmbuf_pool_create(const char *name, uint32_t count, uint16_t data_room_size, int socket_id);

/** rte_mempool_free. */
void sta_dpdk_mempool_free(void *pool);

/**
 * Configures a stopped port for receiving: rx_queues receive queues, no transmit queue unless the PMD insists
 * (then one), RSS over IP addresses and TCP/UDP ports with a symmetric key (0x6d5a repeated, so both directions of
 * a flow hash to one queue) where the PMD offers RSS, else none, and PMD timestamps where the PMD writes Unix time.
 * Sets *flags to STA_DPDK_CONFIGURED_* bits.
 */
int sta_dpdk_port_configure(uint16_t port_id, uint16_t rx_queues, uint32_t *flags);

/** Sets up receive queue queue_id with descriptors descriptors, filled from pool. */
int sta_dpdk_rx_queue_setup(uint16_t port_id, uint16_t queue_id, uint16_t descriptors, void *pool);

/** Starts a configured port, turns promiscuous mode on where the PMD has it, and zeroes its counters. */
int sta_dpdk_port_start(uint16_t port_id);

/** rte_eth_dev_stop. */
int sta_dpdk_port_stop(uint16_t port_id);

/** rte_eth_dev_close: releases the port (its id is gone afterwards). */
int sta_dpdk_port_close(uint16_t port_id);

/**
 * Receives up to max (<= STA_DPDK_MAX_BURST) packets from a queue and describes them in burst. Returns how many
 * (0 when none were waiting). The mbufs stay the caller's until sta_dpdk_free_bulk.
 */
uint16_t sta_dpdk_rx_burst(uint16_t port_id, uint16_t queue_id, struct sta_dpdk_burst *burst, uint16_t max);

/** Returns the first count mbufs of burst to their pool (rte_pktmbuf_free_bulk). */
void sta_dpdk_free_bulk(struct sta_dpdk_burst *burst, uint16_t count);

/** Reads a port's counters. */
int sta_dpdk_port_stats(uint16_t port_id, struct sta_dpdk_port_stats *stats);

/**
 * For benchmarks: writes frame (frame_count frames of frame_length bytes each, back to back) into the data area of
 * every mbuf of pool, mbuf i getting frame i % frame_count at the default headroom, where a PMD that does not write
 * packet data (net_null with copy=0) leaves it. Returns how many mbufs were written.
 */
int sta_dpdk_pool_fill(void *pool, const uint8_t *frames, uint32_t frame_length, uint32_t frame_count);

#ifdef __cplusplus
}
#endif

#endif
