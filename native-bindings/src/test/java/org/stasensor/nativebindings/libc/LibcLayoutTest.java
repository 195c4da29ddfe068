package org.stasensor.nativebindings.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.UnionLayout;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C headers are the oracle: a C program, generated here from the Java side's own names and compiled with gcc
 * against the system headers, prints {@code sizeof}/{@code offsetof} of every named struct member and the value of
 * every constant; each must equal what the Java layouts and {@link Libc} say. A constant or member added on the
 * Java side is checked without touching this test; a name C does not know fails the compile.
 */
final class LibcLayoutTest
{
    private static final List<GroupLayout> STRUCTS = List.of(sockaddr.layout(), sockaddr_ll.layout(),
        tpacket_req3.layout(), tpacket_bd_ts.layout(), tpacket_hdr_v1.layout(), tpacket_block_desc.layout(),
        tpacket_hdr_variant1.layout(), tpacket3_hdr.layout(), tpacket_stats_v3.layout(), packet_mreq.layout(),
        pollfd.layout(), ifmap.layout(), ifreq.layout(), if_nameindex.layout());

    /** Order matters: glibc's {@code <net/if.h>} before the kernel's {@code <linux/if*.h>} (libc-compat.h). */
    private static final List<String> HEADERS = List.of("errno.h", "fcntl.h", "sched.h", "stddef.h", "stdio.h",
        "poll.h", "net/if.h", "sys/ioctl.h", "sys/mman.h", "sys/socket.h", "linux/if_ether.h", "linux/if_packet.h",
        "linux/if_arp.h");

    private static Map<String, Long> fromC;

    @BeforeAll
    static void compileAndRunTheOracle(@TempDir final Path directory) throws Exception
    {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is not installed");
        final StringBuilder c = new StringBuilder("#define _GNU_SOURCE\n");
        HEADERS.forEach(header -> c.append("#include <").append(header).append(">\n"));
        c.append("int main(void)\n{\n");
        for (final String constant : javaConstants().keySet())
        {
            c.append("    printf(\"%s %lld\\n\", \"").append(constant).append("\", (long long)(").append(constant)
                .append("));\n");
        }
        for (final GroupLayout struct : STRUCTS)
        {
            final String type = "struct " + struct.name().orElseThrow();
            c.append("    printf(\"%s %lld\\n\", \"sizeof ").append(type).append("\", (long long)sizeof(").append(type)
                .append("));\n");
            c.append("    printf(\"%s %lld\\n\", \"alignof ").append(type).append("\", (long long)_Alignof(")
                .append(type).append("));\n");
            for (final String member : memberOffsets(struct).keySet())
            {
                c.append("    printf(\"%s %lld\\n\", \"offsetof ").append(type).append(' ').append(member)
                    .append("\", (long long)offsetof(").append(type).append(", ").append(member).append("));\n");
                c.append("    printf(\"%s %lld\\n\", \"sizeof ").append(type).append(' ').append(member)
                    .append("\", (long long)sizeof(((").append(type).append(" *)0)->").append(member).append("));\n");
            }
        }
        c.append("    return 0;\n}\n");
        final Path source = directory.resolve("oracle.c");
        final Path binary = directory.resolve("oracle");
        Files.writeString(source, c);
        final String compiled = run(List.of("gcc", "-std=c11", "-Wall", "-Werror", "-o", binary.toString(),
            source.toString()));
        final String printed = run(List.of(binary.toString()));
        assertFalse(compiled == null, "gcc failed");
        fromC = new LinkedHashMap<>();
        printed.lines().forEach(line ->
        {
            final int space = line.lastIndexOf(' ');
            fromC.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
        });
    }

    @Test
    void everyConstantHasItsValueInTheHeaders() throws Exception
    {
        final Map<String, Long> constants = javaConstants();
        assertTrue(constants.size() > 60, "constants found: " + constants.size());
        final Map<String, String> wrong = new TreeMap<>();
        constants.forEach((name, value) ->
        {
            if (!value.equals(fromC.get(name)))
            {
                wrong.put(name, "Java " + value + ", C " + fromC.get(name));
            }
        });
        assertEquals(Map.of(), wrong);
    }

    @Test
    void everyStructHasTheSizeAlignmentAndMemberOffsetsOfTheHeaders()
    {
        final Map<String, String> wrong = new TreeMap<>();
        int checked = 0;
        for (final GroupLayout struct : STRUCTS)
        {
            final String type = "struct " + struct.name().orElseThrow();
            checked += compare(wrong, "sizeof " + type, struct.byteSize());
            checked += compare(wrong, "alignof " + type, struct.byteAlignment());
            for (final Map.Entry<String, long[]> member : memberOffsets(struct).entrySet())
            {
                checked += compare(wrong, "offsetof " + type + " " + member.getKey(), member.getValue()[0]);
                checked += compare(wrong, "sizeof " + type + " " + member.getKey(), member.getValue()[1]);
            }
        }
        assertEquals(Map.of(), wrong);
        assertTrue(checked > 150, "values compared: " + checked);
    }

    @Test
    void theLayoutsTheRingReaderReliesOnHaveTheirDocumentedSizes()
    {
        // Documented in Documentation/networking/packet_mmap.rst: the frame header of V3 is 48 bytes, and the
        // sockaddr_ll the kernel writes after it starts at TPACKET_ALIGN(sizeof(struct tpacket3_hdr)).
        assertEquals(fromC.get("sizeof struct tpacket3_hdr"), tpacket3_hdr.sizeof());
        assertEquals(fromC.get("sizeof struct tpacket_block_desc"), tpacket_block_desc.sizeof());
        assertEquals(fromC.get("offsetof struct tpacket_block_desc hdr.bh1"), tpacket_block_desc.bh1$offset());
        assertEquals(fromC.get("offsetof struct tpacket_hdr_v1 block_status"), tpacket_hdr_v1.block_status$offset());
    }

    private static int compare(final Map<String, String> wrong, final String key, final long javaValue)
    {
        final Long cValue = fromC.get(key);
        if (cValue == null || cValue != javaValue)
        {
            wrong.put(key, "Java " + javaValue + ", C " + cValue);
        }
        return 1;
    }

    /** Constants: public static int methods without parameters whose names are C macro names. */
    private static Map<String, Long> javaConstants()
    {
        final Map<String, Long> constants = new TreeMap<>();
        for (final Method method : Libc.class.getDeclaredMethods())
        {
            if (Modifier.isPublic(method.getModifiers()) && Modifier.isStatic(method.getModifiers())
                && method.getParameterCount() == 0 && method.getReturnType() == int.class
                && method.getName().matches("[A-Z][A-Z0-9_]+"))
            {
                try
                {
                    constants.put(method.getName(), (long)(int)method.invoke(null));
                }
                catch (final ReflectiveOperationException ex)
                {
                    throw new AssertionError(ex);
                }
            }
        }
        return constants;
    }

    /** Every named member, nested ones as C designators (a.b.c); anonymous unions are see-through. */
    private static Map<String, long[]> memberOffsets(final GroupLayout struct)
    {
        final Map<String, long[]> members = new LinkedHashMap<>();
        walk(struct, "", 0, members);
        return members;
    }

    private static void walk(final GroupLayout group, final String prefix, final long base,
        final Map<String, long[]> members)
    {
        long offset = 0;
        for (final MemoryLayout member : group.memberLayouts())
        {
            final long at = base + (group instanceof UnionLayout ? 0 : offset);
            if (!(member instanceof PaddingLayout))
            {
                // jextract names anonymous unions $anon$...; C reaches their members without a name.
                final String name = member.name().filter(n -> !n.startsWith("$anon$"))
                    .map(n -> prefix.isEmpty() ? n : prefix + "." + n).orElse(null);
                if (name != null)
                {
                    members.put(name, new long[] {at, member.byteSize()});
                }
                if (member instanceof GroupLayout nested)
                {
                    walk(nested, name != null ? name : prefix, at, members);
                }
            }
            offset += member.byteSize();
        }
    }

    private static String run(final List<String> command) throws IOException, InterruptedException
    {
        final List<String> full = new ArrayList<>(command);
        final Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, process.exitValue(), command + " failed:\n" + output);
        return output;
    }
}
