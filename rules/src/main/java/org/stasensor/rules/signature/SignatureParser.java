package org.stasensor.rules.signature;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.stasensor.pipeline.record.Dataset;
import org.stasensor.rules.RuleIdentity;

/**
 * Parses one Suricata rule into a {@link Signature}, or says in words why it cannot be loaded.
 */
final class SignatureParser
{
    /** The outcome for one rule: a signature, or the reason it was skipped (with the sid when it was readable). */
    record Result(Signature signature, Long sid, String reason, boolean notAnAlert)
    {
    }

    private static final int ALL_RECORDS = Buffer.mask(Dataset.TLS) | Buffer.mask(Dataset.SSH) |
        Buffer.mask(Dataset.DNS) | Buffer.mask(Dataset.QUIC) | Buffer.mask(Dataset.FLOW);
    private static final int TCP = 6;
    private static final int UDP = 17;

    private final Map<String, String> vars;

    /**
     * @param vars address and port variables, names without "$".
     */
    SignatureParser(final Map<String, String> vars)
    {
        this.vars = vars;
    }

    /**
     * Parses one logical rule.
     *
     * @param text  the rule.
     * @param index the index the signature gets.
     * @return the outcome.
     */
    Result parse(final String text, final int index)
    {
        Long sid = null;
        try
        {
            if (text.length() > RuleLine.MAX_RULE_LENGTH)
            {
                return failure(null, "rule of " + text.length() + " characters is longer than the limit " +
                    RuleLine.MAX_RULE_LENGTH);
            }
            final int open = headerEnd(text);
            if (open < 0)
            {
                return failure(null, "no option list: a rule is \"action proto src sport -> dst dport (options;)\"");
            }
            if (!text.endsWith(")"))
            {
                return failure(null, "unbalanced parentheses: the rule does not end with ')'");
            }
            final List<RuleOption> options = RuleOption.split(text.substring(open + 1, text.length() - 1));
            sid = findSid(options);
            final List<String> header = headerTokens(text.substring(0, open));
            if (header.size() != 7)
            {
                return failure(sid, "the header needs 7 parts (action proto src sport direction dst dport), has " +
                    header.size() + ": \"" + RuleOption.shorten(text.substring(0, open).strip()) + "\"");
            }
            if (!"alert".equals(header.get(0)))
            {
                return new Result(null, sid, "action \"" + header.get(0) + "\" is not evaluated (only alert)",
                    true);
            }
            if (sid == null)
            {
                return failure(null, "no sid");
            }
            final Signature.Parts parts = new Signature.Parts();
            final int protocolMask = protocol(header.get(1), parts);
            parts.source = AddressSet.parse(header.get(2), vars);
            parts.sourcePorts = PortSet.parse(header.get(3), vars);
            switch (header.get(4))
            {
                case "->" -> parts.bidirectional = false;
                case "<>" -> parts.bidirectional = true;
                default -> throw new IllegalArgumentException("direction must be -> or <>, got " + header.get(4));
            }
            parts.destination = AddressSet.parse(header.get(5), vars);
            parts.destinationPorts = PortSet.parse(header.get(6), vars);
            return compile(options, parts, protocolMask, sid, header.get(1), index);
        }
        catch (final IllegalArgumentException ex)
        {
            return failure(sid, ex.getMessage());
        }
    }

    private Result compile(final List<RuleOption> options, final Signature.Parts parts, final int protocolMask,
        final long sid, final String protocol, final int index)
    {
        String msg = null;
        String classtype = null;
        String rev = null;
        int priority = 0;
        final Map<Buffer, List<ContentMatch>> contents = new LinkedHashMap<>();
        final Map<Buffer, List<PcreMatch>> pcres = new LinkedHashMap<>();
        final List<ContentMatch> payloadContents = new ArrayList<>();
        Buffer current = null;
        ContentMatch last = null;
        Buffer lastBuffer = null;
        for (final RuleOption option : options)
        {
            final String keyword = option.keyword();
            final String value = option.value();
            final Buffer sticky = Buffer.ofKeyword(keyword);
            if (sticky != null)
            {
                noValue(option);
                current = sticky;
                contents.computeIfAbsent(sticky, b -> new ArrayList<>());
                continue;
            }
            final Buffer legacy = Buffer.ofLegacyModifier(keyword);
            if (legacy != null)
            {
                noValue(option);
                if (last == null || lastBuffer != null)
                {
                    throw new IllegalArgumentException(keyword + " must follow a content that has no buffer");
                }
                payloadContents.remove(last);
                contents.computeIfAbsent(legacy, b -> new ArrayList<>()).add(last);
                lastBuffer = legacy;
                continue;
            }
            switch (keyword)
            {
                case "msg" -> msg = RuleOption.unquote(required(option));
                case "sid", "gid", "metadata", "reference", "target" -> required(option);
                case "rev" -> rev = String.valueOf(number(option, 0, Integer.MAX_VALUE));
                case "classtype" -> classtype = required(option).strip();
                case "priority" -> priority = number(option, 1, 255);
                case "content" ->
                {
                    final String raw = required(option);
                    final boolean negated = raw.startsWith("!");
                    last = new ContentMatch(RuleOption.contentBytes(negated ? raw.substring(1) : raw), negated);
                    lastBuffer = current;
                    if (current == null)
                    {
                        payloadContents.add(last);
                    }
                    else
                    {
                        contents.get(current).add(last);
                    }
                }
                case "nocase" -> modifiable(last, option).nocase = true;
                case "startswith" -> modifiable(last, option).startsWith = true;
                case "endswith" -> modifiable(last, option).endsWith = true;
                case "depth" -> modifiable(last, option).depth = number(option, 1, 65535);
                case "offset" -> modifiable(last, option).offset = number(option, 0, 65535);
                case "fast_pattern" -> modifiable(last, option);
                case "pcre" ->
                {
                    final String raw = required(option);
                    final boolean negated = raw.startsWith("!");
                    // Escapes stay for the regex engine, which reads \; and \" as the characters themselves.
                    final String pattern = RuleOption.stripQuotes(negated ? raw.substring(1) : raw);
                    if (current == null)
                    {
                        throw new Unsupported("pcre on the packet payload (put a sticky buffer such as tls.sni " +
                            "before it)");
                    }
                    pcres.computeIfAbsent(current, b -> new ArrayList<>()).add(PcreMatch.parse(pattern, negated));
                }
                case "tls.version" -> parts.tlsVersion = tlsVersion(required(option));
                case "app-layer-protocol" ->
                {
                    final String raw = required(option).strip();
                    parts.applicationProtocolNegated = raw.startsWith("!");
                    String name = (parts.applicationProtocolNegated ? raw.substring(1) : raw).strip();
                    if ("failed".equals(name))
                    {
                        name = "unknown";
                    }
                    parts.applicationProtocol = name.getBytes(StandardCharsets.US_ASCII);
                }
                case "flow" -> flow(required(option), parts);
                case "threshold" -> parts.threshold = Threshold.parse(required(option), false);
                case "detection_filter" -> parts.threshold = Threshold.parse(required(option), true);
                default -> throw new Unsupported(keyword);
            }
        }
        if (!payloadContents.isEmpty())
        {
            throw new Unsupported("content on the packet payload (put a sticky buffer such as tls.sni before it)");
        }
        final List<Signature.BufferCondition> conditions = new ArrayList<>();
        int datasets = protocolMask;
        for (final Map.Entry<Buffer, List<ContentMatch>> entry : contents.entrySet())
        {
            final List<PcreMatch> expressions = pcres.getOrDefault(entry.getKey(), List.of());
            if (entry.getValue().isEmpty() && expressions.isEmpty())
            {
                throw new IllegalArgumentException("buffer " + entry.getKey().keyword() + " has no content or pcre " +
                    "after it");
            }
            checkFingerprint(entry.getKey(), entry.getValue());
            datasets &= entry.getKey().datasets();
            conditions.add(new Signature.BufferCondition(entry.getKey(), entry.getValue().toArray(new ContentMatch[0]),
                expressions.toArray(new PcreMatch[0])));
        }
        if (parts.tlsVersion != null)
        {
            datasets &= Buffer.mask(Dataset.TLS);
        }
        final boolean anyCondition = !conditions.isEmpty() || parts.tlsVersion != null;
        if (!anyCondition)
        {
            // A rule on addresses, ports or the application protocol alone says something about a connection:
            // it looks at the one flow record, not at every handshake record of the connection.
            if (parts.applicationProtocol == null && parts.source.isAny() && parts.destination.isAny() &&
                parts.sourcePorts.isAny() && parts.destinationPorts.isAny())
            {
                throw new IllegalArgumentException("the rule has no content, buffer or address condition and " +
                    "would match every record; add a condition");
            }
            if (protocolMask == ALL_RECORDS)
            {
                datasets &= Buffer.mask(Dataset.FLOW);
            }
            else if (parts.applicationProtocol != null)
            {
                datasets &= Buffer.mask(Dataset.FLOW) | protocolMask;
            }
        }
        if (datasets == 0)
        {
            throw new IllegalArgumentException("protocol " + protocol + " and the rule's keywords never apply to " +
                "the same record");
        }
        parts.datasets = datasets;
        parts.conditions = conditions.toArray(new Signature.BufferCondition[0]);
        final String name = msg != null ? msg : "sid " + sid;
        final int severity = Math.max(1, Math.min(4, priority > 0 ? priority : Classtypes.priority(classtype)));
        final RuleIdentity identity = new RuleIdentity("signatures", String.valueOf(sid), name, classtype, severity,
            rev);
        return new Result(new Signature(index, sid, identity, parts), sid, null, false);
    }

    private static void checkFingerprint(final Buffer buffer, final List<ContentMatch> contents)
    {
        if (buffer != Buffer.TLS_CERT_FINGERPRINT)
        {
            return;
        }
        for (final ContentMatch content : contents)
        {
            if (content.pattern.length == 59)
            {
                throw new IllegalArgumentException("tls.cert_fingerprint content is a SHA-1 fingerprint; records " +
                    "carry the certificate's SHA-256 only, so this rule could never match (write the SHA-256 as " +
                    "\"aa:bb:...\", 95 characters)");
            }
        }
    }

    private static int protocol(final String protocol, final Signature.Parts parts)
    {
        switch (protocol)
        {
            case "tls", "ssl" ->
            {
                return Buffer.mask(Dataset.TLS);
            }
            case "quic" ->
            {
                return Buffer.mask(Dataset.QUIC);
            }
            case "ssh" ->
            {
                return Buffer.mask(Dataset.SSH);
            }
            case "dns" ->
            {
                return Buffer.mask(Dataset.DNS);
            }
            case "tcp" ->
            {
                parts.transport = TCP;
                return ALL_RECORDS;
            }
            case "udp" ->
            {
                parts.transport = UDP;
                return ALL_RECORDS;
            }
            case "ip", "any" ->
            {
                return ALL_RECORDS;
            }
            default -> throw new Unsupported("protocol " + protocol);
        }
    }

    private static byte[] tlsVersion(final String raw)
    {
        final String value = RuleOption.unquote(raw).strip().toLowerCase(java.util.Locale.ROOT);
        final String version = switch (value)
        {
            case "1.0", "0x0301" -> "1.0";
            case "1.1", "0x0302" -> "1.1";
            case "1.2", "0x0303" -> "1.2";
            case "1.3", "0x0304" -> "1.3";
            case "3.0", "0x0300", "ssl3" -> "3.0";
            default -> throw new IllegalArgumentException("tls.version must be 1.0, 1.1, 1.2, 1.3, 3.0 or " +
                "0x0301..0x0304, got " + value);
        };
        return version.getBytes(StandardCharsets.US_ASCII);
    }

    private static void flow(final String value, final Signature.Parts parts)
    {
        for (final String word : value.split(","))
        {
            switch (word.strip())
            {
                case "established" -> parts.established = 1;
                case "not_established" -> parts.established = 0;
                case "to_server", "from_client" -> parts.side = RecordView.CLIENT;
                case "to_client", "from_server" -> parts.side = RecordView.SERVER;
                case "stateless" ->
                {
                }
                default -> throw new Unsupported("flow:" + word.strip());
            }
        }
    }

    private static Long findSid(final List<RuleOption> options)
    {
        for (final RuleOption option : options)
        {
            if ("sid".equals(option.keyword()) && option.value() != null)
            {
                try
                {
                    final long sid = Long.parseLong(option.value().strip());
                    return sid > 0 && sid <= 0xFFFFFFFFL ? sid : null;
                }
                catch (final NumberFormatException ex)
                {
                    return null;
                }
            }
        }
        return null;
    }

    private static int headerEnd(final String text)
    {
        int depth = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth--;
            }
            else if (c == '(' && depth == 0)
            {
                return i;
            }
        }
        return -1;
    }

    private static List<String> headerTokens(final String header)
    {
        final List<String> tokens = new ArrayList<>();
        final StringBuilder token = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < header.length(); i++)
        {
            final char c = header.charAt(i);
            if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth--;
            }
            if (Character.isWhitespace(c) && depth == 0)
            {
                if (!token.isEmpty())
                {
                    tokens.add(token.toString());
                    token.setLength(0);
                }
                continue;
            }
            token.append(c);
        }
        if (!token.isEmpty())
        {
            tokens.add(token.toString());
        }
        return tokens;
    }

    private static ContentMatch modifiable(final ContentMatch last, final RuleOption option)
    {
        if (last == null)
        {
            throw new IllegalArgumentException(option.keyword() + " must follow a content");
        }
        return last;
    }

    private static String required(final RuleOption option)
    {
        if (option.value() == null || option.value().isEmpty())
        {
            throw new IllegalArgumentException(option.keyword() + " needs a value");
        }
        return option.value();
    }

    private static void noValue(final RuleOption option)
    {
        if (option.value() != null)
        {
            throw new IllegalArgumentException(option.keyword() + " takes no value");
        }
    }

    private static int number(final RuleOption option, final int min, final int max)
    {
        try
        {
            final int value = Integer.parseInt(required(option).strip());
            if (value < min || value > max)
            {
                throw new IllegalArgumentException(option.keyword() + " must be " + min + ".." + max + ", got " +
                    value);
            }
            return value;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option.keyword() + " must be a number, got " + option.value());
        }
    }

    private static Result failure(final Long sid, final String reason)
    {
        return new Result(null, sid, reason, false);
    }

    /** A keyword (or keyword form) this sensor does not evaluate. */
    static final class Unsupported extends IllegalArgumentException
    {
        private static final long serialVersionUID = 1L;

        Unsupported(final String what)
        {
            super("unsupported " + (what.indexOf(' ') < 0 ? "keyword \"" + what + "\"" : what) + ", rule skipped");
        }
    }
}
