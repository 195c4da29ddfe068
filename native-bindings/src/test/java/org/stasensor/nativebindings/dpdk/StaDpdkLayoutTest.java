package org.stasensor.nativebindings.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gcc is the oracle for the bindings: a C program generated here from the Java side's own names includes
 * {@code sta_dpdk.h} and prints {@code sizeof}, {@code _Alignof} and {@code offsetof} of every struct and member the
 * Java layouts name, and the value of every macro {@link sta_dpdk_h} returns; {@code gcc -aux-info} prints the
 * prototype of every function, whose parameter and return sizes (again printed by gcc) must match the
 * {@link FunctionDescriptor} of each downcall. Nothing is compared with a value written by hand.
 */
final class StaDpdkLayoutTest
{
    private static final Path HEADER_DIRECTORY = Path.of("src/main/c");
    private static final Pattern PROTOTYPE = Pattern.compile("extern (.+?)\\s*\\b(sta_dpdk_\\w+) \\((.*)\\);");

    private static Map<String, Long> fromC;
    private static Map<String, List<String>> prototypes;

    @BeforeAll
    static void compileAndRunTheOracle(@TempDir final Path directory) throws Exception
    {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is not installed");
        final Path header = HEADER_DIRECTORY.resolve("sta_dpdk.h").toAbsolutePath();
        assertTrue(Files.isRegularFile(header), "no header at " + header);

        final Path declarations = directory.resolve("declarations.c");
        final Path auxInfo = directory.resolve("prototypes.txt");
        Files.writeString(declarations, "#include \"sta_dpdk.h\"\n");
        run(List.of("gcc", "-std=c11", "-I", header.getParent().toString(), "-aux-info", auxInfo.toString(), "-c",
            declarations.toString(), "-o", directory.resolve("declarations.o").toString()));
        prototypes = new TreeMap<>();
        for (final String line : Files.readAllLines(auxInfo))
        {
            final Matcher matcher = PROTOTYPE.matcher(line);
            if (matcher.find())
            {
                final List<String> types = new ArrayList<>();
                types.add(matcher.group(1).trim());
                final String parameters = matcher.group(3).trim();
                if (!"void".equals(parameters))
                {
                    for (final String parameter : parameters.split(","))
                    {
                        types.add(parameter.trim());
                    }
                }
                prototypes.put(matcher.group(2), types);
            }
        }

        final StringBuilder c = new StringBuilder("#include <stdalign.h>\n#include <stddef.h>\n#include <stdio.h>\n")
            .append("#include \"sta_dpdk.h\"\nint main(void)\n{\n");
        for (final String constant : javaConstants().keySet())
        {
            print(c, constant, constant);
        }
        for (final GroupLayout struct : structs())
        {
            final String type = "struct " + struct.name().orElseThrow();
            print(c, "sizeof " + type, "sizeof(" + type + ")");
            print(c, "alignof " + type, "_Alignof(" + type + ")");
            for (final MemoryLayout member : struct.memberLayouts())
            {
                if (member instanceof PaddingLayout)
                {
                    continue;
                }
                final String name = member.name().orElseThrow();
                print(c, "offsetof " + type + " " + name, "offsetof(" + type + ", " + name + ")");
                print(c, "sizeof " + type + " " + name, "sizeof(((" + type + " *)0)->" + name + ")");
            }
        }
        final TreeSet<String> scalarTypes = new TreeSet<>();
        prototypes.values().forEach(types -> types.stream().filter(t -> !t.contains("*") && !"void".equals(t))
            .forEach(scalarTypes::add));
        for (final String type : scalarTypes)
        {
            print(c, "sizeof " + type, "sizeof(" + type + ")");
        }
        c.append("    return 0;\n}\n");
        final Path source = directory.resolve("oracle.c");
        final Path binary = directory.resolve("oracle");
        Files.writeString(source, c);
        run(List.of("gcc", "-std=c11", "-Wall", "-Werror", "-I", header.getParent().toString(), "-o",
            binary.toString(), source.toString()));
        fromC = new LinkedHashMap<>();
        run(List.of(binary.toString())).lines().forEach(line ->
        {
            final int space = line.lastIndexOf(' ');
            fromC.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
        });
    }

    @Test
    void everyMacroHasItsValueInTheHeader()
    {
        final Map<String, Long> constants = javaConstants();
        assertEquals(6, constants.size(), "macros bound: " + constants.keySet());
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
    void everyStructHasTheSizeAlignmentAndMemberOffsetsOfTheHeader()
    {
        final Map<String, String> wrong = new TreeMap<>();
        int checked = 0;
        for (final GroupLayout struct : structs())
        {
            final String type = "struct " + struct.name().orElseThrow();
            checked += compare(wrong, "sizeof " + type, struct.byteSize());
            checked += compare(wrong, "alignof " + type, struct.byteAlignment());
            long offset = 0;
            for (final MemoryLayout member : struct.memberLayouts())
            {
                if (!(member instanceof PaddingLayout))
                {
                    final String name = member.name().orElseThrow();
                    checked += compare(wrong, "offsetof " + type + " " + name, offset);
                    checked += compare(wrong, "sizeof " + type + " " + name, member.byteSize());
                }
                offset += member.byteSize();
            }
        }
        assertEquals(Map.of(), wrong);
        assertTrue(checked >= 2 * 3 + 2 * (5 + 9 + 7), "values compared: " + checked);
    }

    @Test
    void theAccessorsReadAtTheOffsetsOfTheHeader()
    {
        assertEquals(fromC.get("offsetof struct sta_dpdk_burst data"), sta_dpdk_burst.data$offset());
        assertEquals(fromC.get("offsetof struct sta_dpdk_burst timestamp"), sta_dpdk_burst.timestamp$offset());
        assertEquals(fromC.get("offsetof struct sta_dpdk_port_info max_rx_queues"),
            sta_dpdk_port_info.max_rx_queues$offset());
        assertEquals(fromC.get("offsetof struct sta_dpdk_port_stats q_errors"), sta_dpdk_port_stats.q_errors$offset());
        assertEquals(fromC.get("sizeof struct sta_dpdk_burst"), sta_dpdk_burst.sizeof());
    }

    @Test
    void everyDowncallHasTheArgumentAndReturnSizesOfItsPrototype() throws Exception
    {
        final Map<String, String> wrong = new TreeMap<>();
        int functions = 0;
        for (final Method method : sta_dpdk_h.class.getDeclaredMethods())
        {
            if (!method.getName().endsWith("$descriptor"))
            {
                continue;
            }
            functions++;
            final String name = method.getName().substring(0, method.getName().length() - "$descriptor".length());
            final FunctionDescriptor descriptor = (FunctionDescriptor)method.invoke(null);
            final List<String> cTypes = prototypes.get(name);
            if (cTypes == null)
            {
                wrong.put(name, "not declared in sta_dpdk.h");
                continue;
            }
            final List<String> javaSizes = new ArrayList<>();
            javaSizes.add(descriptor.returnLayout().map(StaDpdkLayoutTest::describe).orElse("void"));
            descriptor.argumentLayouts().forEach(layout -> javaSizes.add(describe(layout)));
            final List<String> cSizes = cTypes.stream().map(StaDpdkLayoutTest::describe).toList();
            if (!javaSizes.equals(cSizes))
            {
                wrong.put(name, "Java " + javaSizes + ", C " + cSizes + " " + cTypes);
            }
        }
        assertEquals(Map.of(), wrong);
        assertEquals(prototypes.size(), functions, "functions in the header: " + prototypes.keySet());
    }

    private static String describe(final MemoryLayout layout)
    {
        return layout instanceof AddressLayout ? "pointer" : Long.toString(layout.byteSize());
    }

    private static String describe(final String cType)
    {
        if (cType.contains("*"))
        {
            return "pointer";
        }
        return "void".equals(cType) ? "void" : Long.toString(fromC.get("sizeof " + cType));
    }

    private static List<GroupLayout> structs()
    {
        return List.of(sta_dpdk_burst.layout(), sta_dpdk_port_info.layout(), sta_dpdk_port_stats.layout());
    }

    private static void print(final StringBuilder c, final String key, final String expression)
    {
        c.append("    printf(\"%s %lld\\n\", \"").append(key).append("\", (long long)(").append(expression)
            .append("));\n");
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

    /** Macros: public static int methods without parameters whose names are C macro names. */
    private static Map<String, Long> javaConstants()
    {
        final Map<String, Long> constants = new TreeMap<>();
        for (final Method method : sta_dpdk_h.class.getDeclaredMethods())
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

    static String run(final List<String> command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, process.exitValue(), command + " failed:\n" + output);
        return output;
    }
}
