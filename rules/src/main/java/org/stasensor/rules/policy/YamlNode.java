package org.stasensor.rules.policy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A YAML document as a tree whose every node knows its line, so that a mistake found while reading a policy names
 * the exact line. Jackson's streaming parser gives the location of each token as it is read (data binding only knows
 * where it stopped, which is often the next key), so the tree is built from the tokens here.
 */
final class YamlNode
{
    /** What a node holds. */
    enum Kind
    {
        MAP, LIST, SCALAR
    }

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final Kind kind;
    private final int line;
    private final String path;
    private final JsonToken token;
    private final String text;
    private final Map<String, YamlNode> map;
    private final List<YamlNode> list;

    private YamlNode(final Kind kind, final int line, final String path, final JsonToken token, final String text,
        final Map<String, YamlNode> map, final List<YamlNode> list)
    {
        this.kind = kind;
        this.line = line;
        this.path = path;
        this.token = token;
        this.text = text;
        this.map = map;
        this.list = list;
    }

    /**
     * Parses a document.
     *
     * @param yaml the text.
     * @return the root, or null for an empty document.
     * @throws YamlSyntaxException when the text is not YAML, or a key appears twice in a mapping.
     */
    static YamlNode parse(final String yaml) throws YamlSyntaxException
    {
        try (JsonParser parser = FACTORY.createParser(yaml))
        {
            final JsonToken first = parser.nextToken();
            if (first == null)
            {
                return null;
            }
            final YamlNode root = read(parser, "");
            if (parser.nextToken() != null)
            {
                throw new YamlSyntaxException(line(parser), "more than one document in the file");
            }
            return root;
        }
        catch (final JacksonException ex)
        {
            final int line = ex.getLocation() == null ? 0 : Math.max(0, ex.getLocation().getLineNr());
            throw new YamlSyntaxException(line, ex.getOriginalMessage().lines().findFirst().orElse("not YAML"));
        }
        catch (final IOException ex)
        {
            throw new YamlSyntaxException(0, ex.getMessage());
        }
    }

    private static int line(final JsonParser parser)
    {
        return parser.currentTokenLocation().getLineNr();
    }

    private static YamlNode read(final JsonParser parser, final String path) throws IOException, YamlSyntaxException
    {
        final JsonToken token = parser.currentToken();
        final int line = line(parser);
        if (token == JsonToken.START_OBJECT)
        {
            final Map<String, YamlNode> children = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME)
            {
                final String key = parser.currentName();
                final int keyLine = line(parser);
                final String childPath = path.isEmpty() ? key : path + "." + key;
                if (children.containsKey(key))
                {
                    throw new YamlSyntaxException(keyLine, childPath + ": key given twice (first on line "
                        + children.get(key).line + ")");
                }
                parser.nextToken();
                final YamlNode child = read(parser, childPath);
                // A value's line is where its key is, which is where people look for it.
                children.put(key, child.atLine(keyLine));
            }
            return new YamlNode(Kind.MAP, line, path, token, null, Collections.unmodifiableMap(children), null);
        }
        if (token == JsonToken.START_ARRAY)
        {
            final List<YamlNode> children = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY)
            {
                children.add(read(parser, path + "." + (children.size() + 1)));
            }
            return new YamlNode(Kind.LIST, line, path, token, null, null, Collections.unmodifiableList(children));
        }
        return new YamlNode(Kind.SCALAR, line, path, token, token == JsonToken.VALUE_NULL ? null : parser.getText(),
            null, null);
    }

    private YamlNode atLine(final int keyLine)
    {
        return kind == Kind.SCALAR ? new YamlNode(kind, keyLine, path, token, text, map, list) : this;
    }

    Kind kind()
    {
        return kind;
    }

    int line()
    {
        return line;
    }

    /**
     * Dotted key from the top, list elements numbered from 1.
     *
     * @return e.g. {@code rules.2.threshold}.
     */
    String path()
    {
        return path;
    }

    JsonToken token()
    {
        return token;
    }

    /**
     * A scalar's text as written.
     *
     * @return the text, null for a YAML null or a collection.
     */
    String text()
    {
        return text;
    }

    Map<String, YamlNode> map()
    {
        return map;
    }

    List<YamlNode> list()
    {
        return list;
    }

    /** The text is not YAML, with the line where the parser gave up. */
    static final class YamlSyntaxException extends Exception
    {
        private static final long serialVersionUID = 1L;
        private final int line;

        YamlSyntaxException(final int line, final String message)
        {
            super(message);
            this.line = line;
        }

        int line()
        {
            return line;
        }
    }
}
