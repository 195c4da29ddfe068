/*
 * sta_dpdk: see sta_dpdk.h. Built by native-bindings' Maven build with
 *   gcc -O2 -fPIC -shared sta_dpdk.c $(pkg-config --cflags --libs libdpdk)
 * against DPDK 22.11 (Debian bookworm's dpdk / libdpdk-dev).
 */
#define _GNU_SOURCE

#include "sta_dpdk.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_mempool.h>
#include <rte_version.h>

_Static_assert(STA_DPDK_QUEUE_STAT_COUNTERS == RTE_ETHDEV_QUEUE_STAT_CNTRS,
    "struct sta_dpdk_port_stats must hold every per-queue counter of struct rte_eth_stats");
_Static_assert(sizeof(((struct sta_dpdk_burst *)0)->mbufs[0]) == sizeof(struct rte_mbuf *), "mbuf pointer");

/* Microsoft's 40-byte RSS key has two 16-bit halves 0x6d5a repeated: with it the Toeplitz hash of (a, b) equals
 * that of (b, a) for addresses and ports alike (Woo and Park, "Scalable TCP Session Monitoring with Symmetric
 * Receive-side Scaling", 2012), so both directions of a flow reach the same queue. */
#define SYMMETRIC_KEY_HALF_HIGH 0x6d
#define SYMMETRIC_KEY_HALF_LOW 0x5a
#define DEFAULT_RSS_KEY_SIZE 40
#define MAX_RSS_KEY_SIZE 255

/* Mempool caches are per lcore; a few bursts' worth keeps most frees and allocations off the shared ring. */
#define POOL_CACHE_SIZE 256
#define TX_DESCRIPTORS 512
#define NANOS_PER_SECOND 1000000000LL

/* Drivers known to write Unix time into the rx timestamp dynamic field, and its unit in nanoseconds. DPDK 22.11's
 * net_pcap stamps every packet read from a file with the file's time as tv_sec * 10^6 + tv_usec (it opens files
 * at libpcap's default microsecond precision, so nanosecond files lose their last three digits); later releases
 * open files at nanosecond precision, so for them the factor must be checked again before it is trusted. Hardware
 * PMDs write their own clock's ticks there, which would need rte_eth_read_clock and the clock's rate: for all
 * drivers not listed the shim reads CLOCK_REALTIME once per burst instead. */
struct timestamp_driver
{
    const char *name;
    int64_t nanos_per_unit;
};

#if RTE_VERSION >= RTE_VERSION_NUM(22, 11, 0, 0) && RTE_VERSION < RTE_VERSION_NUM(23, 0, 0, 0)
static const struct timestamp_driver TIMESTAMP_DRIVERS[] = {{"net_pcap", 1000}};
#else
static const struct timestamp_driver TIMESTAMP_DRIVERS[] = {{"", 0}};
#endif

static int timestamp_offset = -1;
static uint64_t timestamp_flag;
static int64_t timestamp_factor[RTE_MAX_ETHPORTS];

static int64_t nanos_per_timestamp_unit(const char *driver_name)
{
    for (size_t i = 0; i < RTE_DIM(TIMESTAMP_DRIVERS); i++)
    {
        if (driver_name != NULL && TIMESTAMP_DRIVERS[i].nanos_per_unit > 0
            && strcmp(driver_name, TIMESTAMP_DRIVERS[i].name) == 0)
        {
            return TIMESTAMP_DRIVERS[i].nanos_per_unit;
        }
    }
    return 0;
}

int sta_dpdk_eal_init(int argc, char **argv, char *messages, size_t messages_size)
{
    /* EAL and getopt talk on stdout/stderr (log lines, "unrecognized option", the whole usage text on a bad
     * option); the sensor may be writing records to stdout. Both descriptors point at a memory file while EAL
     * starts, and the caller decides what of it to show. */
    fflush(stdout);
    fflush(stderr);
    const int capture = memfd_create("sta-dpdk-eal", MFD_CLOEXEC);
    const int saved_out = capture >= 0 ? dup(STDOUT_FILENO) : -1;
    const int saved_err = capture >= 0 ? dup(STDERR_FILENO) : -1;
    const int redirected = capture >= 0 && saved_out >= 0 && saved_err >= 0
        && dup2(capture, STDOUT_FILENO) >= 0 && dup2(capture, STDERR_FILENO) >= 0;

    /* getopt permutes argv, and EAL may keep pointers into it: a private copy that lives as long as the process. */
    char **copy = calloc((size_t)argc + 1, sizeof(char *));
    int result;
    int error = 0;
    if (copy == NULL)
    {
        result = -1;
        error = ENOMEM;
    }
    else
    {
        memcpy(copy, argv, (size_t)argc * sizeof(char *));
        result = rte_eal_init(argc, copy);
        error = result < 0 ? rte_errno : 0;
    }

    fflush(stdout);
    fflush(stderr);
    if (saved_out >= 0)
    {
        dup2(saved_out, STDOUT_FILENO);
        close(saved_out);
    }
    if (saved_err >= 0)
    {
        dup2(saved_err, STDERR_FILENO);
        close(saved_err);
    }
    size_t length = 0;
    if (redirected && messages != NULL && messages_size > 0)
    {
        const ssize_t read = pread(capture, messages, messages_size - 1, 0);
        length = read > 0 ? (size_t)read : 0;
    }
    if (messages != NULL && messages_size > 0)
    {
        messages[length] = '\0';
    }
    if (capture >= 0)
    {
        close(capture);
    }
    rte_errno = error;
    return result;
}

int sta_dpdk_errno(void)
{
    return rte_errno;
}

const char *sta_dpdk_strerror(int error)
{
    return rte_strerror(error);
}

int sta_dpdk_thread_register(void)
{
    if (rte_thread_register() != 0)
    {
        return -1;
    }
    return (int)rte_lcore_id();
}

void sta_dpdk_thread_unregister(void)
{
    rte_thread_unregister();
}

int sta_dpdk_port_count(void)
{
    return rte_eth_dev_count_avail();
}

int sta_dpdk_port_ids(uint16_t *ids, int capacity)
{
    int count = 0;
    uint16_t port;
    RTE_ETH_FOREACH_DEV(port)
    {
        if (count < capacity)
        {
            ids[count] = port;
        }
        count++;
    }
    return count < capacity ? count : capacity;
}

int sta_dpdk_port_by_name(const char *name)
{
    uint16_t port;
    const int result = rte_eth_dev_get_port_by_name(name, &port);
    return result == 0 ? port : (result < 0 ? result : -ENODEV);
}

int sta_dpdk_port_info(uint16_t port_id, struct sta_dpdk_port_info *info)
{
    struct rte_eth_dev_info dev;
    memset(info, 0, sizeof(*info));
    const int result = rte_eth_dev_info_get(port_id, &dev);
    if (result != 0)
    {
        return result;
    }
    if (rte_eth_dev_get_name_by_port(port_id, info->name) != 0)
    {
        info->name[0] = '\0';
    }
    snprintf(info->driver_name, sizeof(info->driver_name), "%s", dev.driver_name != NULL ? dev.driver_name : "");
    info->flow_type_rss_offloads = dev.flow_type_rss_offloads;
    info->rx_offload_capa = dev.rx_offload_capa;
    info->socket_id = rte_eth_dev_socket_id(port_id);
    info->max_rx_queues = dev.max_rx_queues;
    info->max_tx_queues = dev.max_tx_queues;
    info->hash_key_size = dev.hash_key_size;
    info->unix_timestamps = (uint8_t)(nanos_per_timestamp_unit(dev.driver_name) > 0);
    return 0;
}

uint64_t sta_dpdk_pktmbuf_pool_bytes(uint32_t count, uint16_t data_room_size)
{
    struct rte_mempool_objsz size;
    const uint32_t element = (uint32_t)sizeof(struct rte_mbuf) + data_room_size;
    const uint32_t total = rte_mempool_calc_obj_size(element, 0, &size);
    const uint64_t caches = (uint64_t)RTE_MAX_LCORE * POOL_CACHE_SIZE * sizeof(void *);
    return (uint64_t)total * count + sizeof(struct rte_mempool) + caches;
}

uint64_t sta_dpdk_heap_free_bytes(int socket_id)
{
    struct rte_malloc_socket_stats stats;
    uint64_t free_bytes = 0;
    const unsigned int sockets = rte_socket_count();
    for (unsigned int i = 0; i < sockets; i++)
    {
        const int socket = rte_socket_id_by_idx(i);
        if ((socket_id < 0 || socket == socket_id) && rte_malloc_get_socket_stats(socket, &stats) == 0)
        {
            free_bytes += stats.heap_freesz_bytes;
        }
    }
    return free_bytes;
}

void *sta_dpdk_pktmbuf_pool_create(const char *name, uint32_t count, uint16_t data_room_size, int socket_id)
{
    /* The mempool library wants cache_size <= count / 1.5. */
    unsigned int cache = POOL_CACHE_SIZE;
    while (cache > 0 && (uint64_t)cache * 3 > (uint64_t)count * 2)
    {
        cache /= 2;
    }
    return rte_pktmbuf_pool_create(name, count, cache, 0, data_room_size, socket_id);
}

void sta_dpdk_mempool_free(void *pool)
{
    rte_mempool_free(pool);
}

static int configure(uint16_t port_id, uint16_t rx_queues, uint16_t tx_queues, const struct rte_eth_conf *conf)
{
    return rte_eth_dev_configure(port_id, rx_queues, tx_queues, conf);
}

int sta_dpdk_port_configure(uint16_t port_id, uint16_t rx_queues, uint32_t *flags)
{
    static uint8_t key[MAX_RSS_KEY_SIZE];
    struct rte_eth_dev_info dev;
    struct rte_eth_conf conf;
    *flags = 0;
    int result = rte_eth_dev_info_get(port_id, &dev);
    if (result != 0)
    {
        return result;
    }
    memset(&conf, 0, sizeof(conf));
    const uint64_t hash = dev.flow_type_rss_offloads & (RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP);
    if (rx_queues > 1 && hash != 0)
    {
        const uint8_t key_size = dev.hash_key_size != 0 ? dev.hash_key_size : DEFAULT_RSS_KEY_SIZE;
        for (unsigned int i = 0; i < key_size; i++)
        {
            key[i] = (i & 1) == 0 ? SYMMETRIC_KEY_HALF_HIGH : SYMMETRIC_KEY_HALF_LOW;
        }
        conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
        conf.rx_adv_conf.rss_conf.rss_key = key;
        conf.rx_adv_conf.rss_conf.rss_key_len = key_size;
        conf.rx_adv_conf.rss_conf.rss_hf = hash;
        *flags |= STA_DPDK_CONFIGURED_RSS;
    }
    /* Where the PMD offers the timestamp offload it must be asked for; 22.11's net_pcap stamps without asking. */
    timestamp_factor[port_id] = nanos_per_timestamp_unit(dev.driver_name);
    if (timestamp_factor[port_id] > 0)
    {
        *flags |= STA_DPDK_CONFIGURED_PMD_TIMESTAMPS;
    }
    if (timestamp_factor[port_id] > 0 && (dev.rx_offload_capa & RTE_ETH_RX_OFFLOAD_TIMESTAMP) != 0)
    {
        conf.rxmode.offloads |= RTE_ETH_RX_OFFLOAD_TIMESTAMP;
    }

    result = configure(port_id, rx_queues, 0, &conf);
    if (result != 0 && dev.max_tx_queues > 0)
    {
        /* Some PMDs refuse a port without transmit queues; one, never used, costs a few descriptors. */
        result = configure(port_id, rx_queues, 1, &conf);
        if (result == 0)
        {
            *flags |= STA_DPDK_CONFIGURED_TX_QUEUE;
            result = rte_eth_tx_queue_setup(port_id, 0, TX_DESCRIPTORS, (unsigned int)rte_eth_dev_socket_id(port_id),
                NULL);
        }
    }
    return result;
}

int sta_dpdk_rx_queue_setup(uint16_t port_id, uint16_t queue_id, uint16_t descriptors, void *pool)
{
    const int socket = rte_eth_dev_socket_id(port_id);
    return rte_eth_rx_queue_setup(port_id, queue_id, descriptors, socket < 0 ? (unsigned int)SOCKET_ID_ANY :
        (unsigned int)socket, NULL, pool);
}

int sta_dpdk_port_start(uint16_t port_id)
{
    const int result = rte_eth_dev_start(port_id);
    if (result != 0)
    {
        return result;
    }
    /* The PMD registered the timestamp field when probed or when its queues were set up, if it stamps at all. */
    if (timestamp_factor[port_id] > 0)
    {
        const int offset = rte_mbuf_dynfield_lookup(RTE_MBUF_DYNFIELD_TIMESTAMP_NAME, NULL);
        const int bit = rte_mbuf_dynflag_lookup(RTE_MBUF_DYNFLAG_RX_TIMESTAMP_NAME, NULL);
        if (offset >= 0 && bit >= 0)
        {
            timestamp_offset = offset;
            timestamp_flag = UINT64_C(1) << bit;
        }
        else
        {
            timestamp_factor[port_id] = 0;
        }
    }
    /* A sensor on a mirror port must see frames addressed to others; virtual PMDs may not have the mode. */
    rte_eth_promiscuous_enable(port_id);
    /* Counters from zero at start; a PMD without reset (-ENOTSUP) counts from its own start. */
    rte_eth_stats_reset(port_id);
    return 0;
}

int sta_dpdk_port_stop(uint16_t port_id)
{
    return rte_eth_dev_stop(port_id);
}

int sta_dpdk_port_close(uint16_t port_id)
{
    timestamp_factor[port_id] = 0;
    return rte_eth_dev_close(port_id);
}

uint16_t sta_dpdk_rx_burst(uint16_t port_id, uint16_t queue_id, struct sta_dpdk_burst *burst, uint16_t max)
{
    struct rte_mbuf **mbufs = (struct rte_mbuf **)burst->mbufs;
    const uint16_t count = rte_eth_rx_burst(port_id, queue_id, mbufs,
        max < STA_DPDK_MAX_BURST ? max : STA_DPDK_MAX_BURST);
    if (count == 0)
    {
        return 0;
    }
    const int64_t factor = timestamp_factor[port_id];
    int64_t now = -1;
    for (uint16_t i = 0; i < count; i++)
    {
        const struct rte_mbuf *m = mbufs[i];
        burst->data[i] = (uint64_t)(uintptr_t)rte_pktmbuf_mtod(m, const char *);
        burst->data_length[i] = m->data_len;
        burst->packet_length[i] = m->pkt_len;
        if (factor > 0 && (m->ol_flags & timestamp_flag) != 0)
        {
            burst->timestamp[i] = factor
                * (int64_t)*RTE_MBUF_DYNFIELD(m, timestamp_offset, const rte_mbuf_timestamp_t *);
        }
        else
        {
            if (now < 0)
            {
                struct timespec ts;
                clock_gettime(CLOCK_REALTIME, &ts);
                now = (int64_t)ts.tv_sec * NANOS_PER_SECOND + ts.tv_nsec;
            }
            burst->timestamp[i] = now;
        }
    }
    return count;
}

void sta_dpdk_free_bulk(struct sta_dpdk_burst *burst, uint16_t count)
{
    rte_pktmbuf_free_bulk((struct rte_mbuf **)burst->mbufs, count);
}

int sta_dpdk_port_stats(uint16_t port_id, struct sta_dpdk_port_stats *stats)
{
    struct rte_eth_stats eth;
    const int result = rte_eth_stats_get(port_id, &eth);
    if (result != 0)
    {
        return result;
    }
    stats->ipackets = eth.ipackets;
    stats->ibytes = eth.ibytes;
    stats->imissed = eth.imissed;
    stats->ierrors = eth.ierrors;
    stats->rx_nombuf = eth.rx_nombuf;
    memcpy(stats->q_ipackets, eth.q_ipackets, sizeof(stats->q_ipackets));
    memcpy(stats->q_errors, eth.q_errors, sizeof(stats->q_errors));
    return 0;
}

struct fill
{
    const uint8_t *frames;
    uint32_t frame_length;
    uint32_t frame_count;
    int written;
};

static void fill_one(struct rte_mempool *pool, void *opaque, void *object, unsigned int index)
{
    (void)pool;
    struct fill *fill = opaque;
    struct rte_mbuf *m = object;
    const uint16_t headroom = (uint16_t)RTE_MIN((uint16_t)RTE_PKTMBUF_HEADROOM, m->buf_len);
    if ((uint32_t)headroom + fill->frame_length <= m->buf_len)
    {
        memcpy((char *)m->buf_addr + headroom, fill->frames + (size_t)(index % fill->frame_count)
            * fill->frame_length, fill->frame_length);
        fill->written++;
    }
}

int sta_dpdk_pool_fill(void *pool, const uint8_t *frames, uint32_t frame_length, uint32_t frame_count)
{
    struct fill fill = {frames, frame_length, frame_count, 0};
    if (pool == NULL || frames == NULL || frame_count == 0)
    {
        return -EINVAL;
    }
    rte_mempool_obj_iter(pool, fill_one, &fill);
    return fill.written;
}
