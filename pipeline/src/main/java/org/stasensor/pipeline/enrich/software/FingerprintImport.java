package org.stasensor.pipeline.enrich.software;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a list of fingerprints in one of the known formats into fingerprint-file lines ({@link FingerprintFile}),
 * checking every line, and appends the good ones to the operator's file: the logic of
 * {@code sta fingerprints import FILE [--kind K] [--format F]}. A refused line is reported as "FILE:LINE: reason";
 * the good lines are still imported.
 */
public final class FingerprintImport
{
    /** The formats understood. */
    public enum Format
    {
        /** The project's own tab-separated format (docs/fingerprints.md). */
        STA("sta"),
        /**
         * abuse.ch SSLBL JA3 list: {@code ja3_md5,Firstseen,Lastseen,Listingreason}, {@code #} comments; the reason
         * (a malware family) becomes the software, category malware.
         */
        SSLBL_CSV("sslbl-csv"),
        /**
         * salesforce/ja3 {@code lists/osx-nix-ja3.csv}: {@code md5,"name[,name...]"} after a quoted licence notice;
         * several names are joined with " | "; no version or category.
         */
        SALESFORCE_CSV("salesforce-csv"),
        /**
         * salesforce/hassh {@code hasshGen/hassh_fingerprints.json}: one JSON object a line with {@code hassh} (or
         * {@code hasshServer}) and {@code clientIdentificationString}, whose RFC 4253 softwareversion part gives
         * name and version ("SSH-2.0-OpenSSH_7.4p1 Debian-10" is OpenSSH 7.4p1).
         */
        SALESFORCE_JSON("salesforce-json");

        private final String token;

        Format(final String token)
        {
            this.token = token;
        }

        /**
         * The word on the command line.
         *
         * @return e.g. "sslbl-csv".
         */
        public String token()
        {
            return token;
        }

        /**
         * The format for a command-line word.
         *
         * @param token the word.
         * @return the format, or null.
         */
        public static Format ofToken(final String token)
        {
            for (final Format format : values())
            {
                if (format.token.equalsIgnoreCase(token))
                {
                    return format;
                }
            }
            return null;
        }
    }

    /**
     * The outcome of a conversion or import.
     *
     * @param entries  the good entries in file order.
     * @param problems "FILE:LINE: reason" per refused line.
     */
    public record Result(List<FingerprintEntry> entries, List<String> problems)
    {
    }

    private static final Pattern JSON_STRING_MEMBER =
        Pattern.compile("\"([A-Za-z0-9_]+)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private FingerprintImport()
    {
    }

    /**
     * Converts a file without writing anything.
     *
     * @param file   the list.
     * @param format its format.
     * @param kind   the kind of its fingerprints, or null for the format's own (sta: each line says; sslbl-csv and
     *               salesforce-csv: ja3; salesforce-json: hassh).
     * @param source list name written with each entry, or null for the file name without extension.
     * @return entries and problems.
     * @throws IOException when the file cannot be read.
     */
    public static Result convert(final Path file, final Format format, final FingerprintKind kind,
        final String source) throws IOException
    {
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        return convert(text, file.toString(), format, kind, source != null ? source
            : FingerprintDatabase.sourceName(file));
    }

    /**
     * Converts a list's text.
     *
     * @param text   the list.
     * @param name   name for messages.
     * @param format its format.
     * @param kind   kind of its fingerprints or null (see {@link #convert(Path, Format, FingerprintKind, String)}).
     * @param source list name written with each entry.
     * @return entries and problems.
     * @throws IOException never in practice (reads a String).
     */
    public static Result convert(final String text, final String name, final Format format,
        final FingerprintKind kind, final String source) throws IOException
    {
        if (format == Format.STA)
        {
            final FingerprintFile.Parsed parsed = FingerprintFile.parse(new StringReader(text), name, source);
            final List<FingerprintEntry> entries = new ArrayList<>();
            final List<String> problems = new ArrayList<>(parsed.problems());
            for (int i = 0; i < parsed.entries().size(); i++)
            {
                final FingerprintEntry entry = parsed.entries().get(i);
                if (kind != null && entry.kind() != kind)
                {
                    problems.add(name + ":" + parsed.lines().get(i) + ": " + entry.kind().token()
                        + " entry in a file imported as " + kind.token());
                }
                else
                {
                    entries.add(entry);
                }
            }
            return new Result(entries, problems);
        }
        final FingerprintKind effective = kind != null ? kind
            : format == Format.SALESFORCE_JSON ? FingerprintKind.HASSH : FingerprintKind.JA3;
        if (format != Format.SALESFORCE_JSON && effective != FingerprintKind.JA3)
        {
            throw new IllegalArgumentException(format.token() + " lists hold ja3 fingerprints, not "
                + effective.token());
        }
        if (format == Format.SALESFORCE_JSON && effective != FingerprintKind.HASSH
            && effective != FingerprintKind.HASSH_SERVER)
        {
            throw new IllegalArgumentException("salesforce-json lists hold hassh or hassh_server fingerprints, not "
                + effective.token());
        }
        final List<FingerprintEntry> entries = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final BufferedReader in = new BufferedReader(new StringReader(text));
        int number = 0;
        int quotedFrom = 0;
        final StringBuilder pending = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null)
        {
            number++;
            if (format == Format.SALESFORCE_CSV)
            {
                // A quoted value may span lines (the list opens with its licence notice in one quoted cell).
                if (pending.length() > 0 || quotes(line) % 2 == 1)
                {
                    if (pending.length() == 0)
                    {
                        quotedFrom = number;
                    }
                    pending.append(line).append('\n');
                    if (quotes(pending) % 2 == 1)
                    {
                        continue;
                    }
                    line = pending.toString();
                    pending.setLength(0);
                }
                else
                {
                    quotedFrom = number;
                }
            }
            else
            {
                quotedFrom = number;
            }
            try
            {
                final FingerprintEntry entry = switch (format)
                {
                    case SSLBL_CSV -> sslblLine(line, source);
                    case SALESFORCE_CSV -> salesforceCsvLine(line, source);
                    case SALESFORCE_JSON -> salesforceJsonLine(line, effective, source);
                    default -> throw new IllegalStateException(format.token());
                };
                if (entry != null)
                {
                    entries.add(entry);
                }
            }
            catch (final IllegalArgumentException ex)
            {
                problems.add(name + ":" + quotedFrom + ": " + ex.getMessage());
            }
        }
        if (pending.length() > 0)
        {
            problems.add(name + ":" + quotedFrom + ": quoted value not closed before the end of the file");
        }
        return new Result(entries, problems);
    }

    /**
     * Converts a list and appends its good entries to a fingerprint file, creating the file (with its header) and
     * its folder when missing.
     *
     * @param file   the list.
     * @param format its format.
     * @param kind   kind or null.
     * @param source list name or null.
     * @param target the operator's fingerprint file.
     * @return what was appended and what was refused.
     * @throws IOException when reading or writing fails.
     */
    public static Result importFile(final Path file, final Format format, final FingerprintKind kind,
        final String source, final Path target) throws IOException
    {
        final Result result = convert(file, format, kind, source);
        if (!result.entries().isEmpty())
        {
            final Path folder = target.toAbsolutePath().getParent();
            if (folder != null)
            {
                Files.createDirectories(folder);
            }
            final boolean fresh = !Files.exists(target) || Files.size(target) == 0;
            try (Writer out = Files.newBufferedWriter(target, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND))
            {
                if (fresh)
                {
                    out.write("# STA fingerprint file: see docs/fingerprints.md. Later lines add to earlier ones.\n");
                    out.write(FingerprintFile.HEADER + "\n");
                }
                out.write("# imported from " + file.toAbsolutePath() + " (" + format.token() + ")\n");
                for (final FingerprintEntry entry : result.entries())
                {
                    out.write(entry.toLine());
                    out.write('\n');
                }
            }
        }
        return result;
    }

    private static FingerprintEntry sslblLine(final String line, final String source)
    {
        final String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#"))
        {
            return null;
        }
        final String[] columns = trimmed.split(",", -1);
        if (columns.length != 4)
        {
            throw new IllegalArgumentException("expected 4 comma-separated columns "
                + "(ja3_md5,Firstseen,Lastseen,Listingreason), found " + columns.length);
        }
        return FingerprintFile.entry("ja3", columns[0], columns[3].strip(), "", "malware", source);
    }

    private static FingerprintEntry salesforceCsvLine(final String line, final String source)
    {
        final String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#"))
        {
            return null;
        }
        final String cell = trimmed.endsWith(",") ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed;
        if (cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"") && quotes(cell) == 2)
        {
            return null; // a lone quoted cell: the licence notice at the top of the list
        }
        final int comma = trimmed.indexOf(',');
        if (comma < 0)
        {
            throw new IllegalArgumentException("expected md5,\"name\"");
        }
        String names = trimmed.substring(comma + 1).strip();
        if (names.length() >= 2 && names.startsWith("\"") && names.endsWith("\""))
        {
            names = names.substring(1, names.length() - 1);
        }
        else if (names.contains("\""))
        {
            throw new IllegalArgumentException("badly quoted name " + names);
        }
        final List<String> parts = new ArrayList<>();
        for (final String part : names.split(","))
        {
            if (!part.isBlank())
            {
                parts.add(part.strip());
            }
        }
        return FingerprintFile.entry("ja3", trimmed.substring(0, comma), String.join(FingerprintDatabase.JOINER,
            parts), "", "", source);
    }

    private static FingerprintEntry salesforceJsonLine(final String line, final FingerprintKind kind,
        final String source)
    {
        final String trimmed = line.strip();
        if (trimmed.isEmpty())
        {
            return null;
        }
        if (!trimmed.startsWith("{") || !trimmed.endsWith("}"))
        {
            throw new IllegalArgumentException("expected one JSON object on the line");
        }
        final Map<String, String> members = new HashMap<>();
        final Matcher matcher = JSON_STRING_MEMBER.matcher(trimmed);
        while (matcher.find())
        {
            members.putIfAbsent(matcher.group(1), unescape(matcher.group(2)));
        }
        final String fingerprint = members.get(kind == FingerprintKind.HASSH ? "hassh" : "hasshServer");
        if (fingerprint == null)
        {
            throw new IllegalArgumentException("no \"" + (kind == FingerprintKind.HASSH ? "hassh" : "hasshServer")
                + "\" member");
        }
        final String identification = members.getOrDefault(kind == FingerprintKind.HASSH
            ? "clientIdentificationString" : "serverIdentificationString", "");
        String software = "";
        String version = "";
        if (identification.startsWith("SSH-") && identification.indexOf('-', 4) > 0)
        {
            // RFC 4253 4.2: SSH-protoversion-softwareversion SP comments; software and version split at '_'.
            String softwareVersion = identification.substring(identification.indexOf('-', 4) + 1);
            final int space = softwareVersion.indexOf(' ');
            softwareVersion = space >= 0 ? softwareVersion.substring(0, space) : softwareVersion;
            final int underscore = softwareVersion.indexOf('_');
            software = underscore > 0 ? softwareVersion.substring(0, underscore) : softwareVersion;
            version = underscore > 0 ? softwareVersion.substring(underscore + 1) : "";
        }
        if (software.isEmpty())
        {
            software = members.getOrDefault(kind == FingerprintKind.HASSH ? "sshClient" : "sshServer", "");
            version = members.getOrDefault(kind == FingerprintKind.HASSH ? "sshClientVersion" : "sshServerVersion",
                "");
        }
        final String category = kind == FingerprintKind.HASSH_SERVER ? "server"
            : software.toLowerCase(Locale.ROOT).contains("paramiko") ? "library" : "tool";
        return FingerprintFile.entry(kind.token(), fingerprint, software, version, category, source);
    }

    private static int quotes(final CharSequence text)
    {
        int count = 0;
        for (int i = 0; i < text.length(); i++)
        {
            if (text.charAt(i) == '"')
            {
                count++;
            }
        }
        return count;
    }

    private static String unescape(final String value)
    {
        if (value.indexOf('\\') < 0)
        {
            return value;
        }
        final StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length())
            {
                final char next = value.charAt(++i);
                if (next == 'u' && i + 4 < value.length())
                {
                    out.append((char)Integer.parseInt(value.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                else
                {
                    out.append(switch (next)
                    {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> next;
                    });
                }
            }
            else
            {
                out.append(c);
            }
        }
        return out.toString();
    }
}
