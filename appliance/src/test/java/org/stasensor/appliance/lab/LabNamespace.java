package org.stasensor.appliance.lab;

/**
 * One of the lab's two network namespaces: its name for {@code ip netns}, its end of the veth pair and the IPv4
 * address on it.
 *
 * @param name          the namespace name, unique to this JVM and lab.
 * @param interfaceName its veth interface (at most 15 characters, the kernel's limit).
 * @param address       its IPv4 address, dotted.
 * @param prefixLength  the prefix length of the link's subnet (30).
 */
public record LabNamespace(String name, String interfaceName, String address, int prefixLength)
{
    /**
     * The address with its prefix, as {@code ip addr add} takes it.
     *
     * @return e.g. "10.77.0.1/30".
     */
    public String cidr()
    {
        return address + "/" + prefixLength;
    }

    @Override
    public String toString()
    {
        return name + " (" + interfaceName + " " + cidr() + ")";
    }
}
