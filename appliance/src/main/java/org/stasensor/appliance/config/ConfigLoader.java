package org.stasensor.appliance.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads {@code sta.yaml} into a {@link StaConfig}. Every mistake becomes one {@link ConfigException} line with the
 * file, the line and the dotted key: unknown keys (with the keys that are known there), values of the wrong type,
 * values a section refuses, YAML that does not parse, a file that cannot be read. Nothing is guessed: a key the
 * sensor does not know is a mistake, not something to ignore, because a misspelt retention key must not silently
 * keep the default.
 */
public final class ConfigLoader
{
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);

    private ConfigLoader()
    {
    }

    /**
     * Reads and checks a configuration file.
     *
     * @param file the YAML file.
     * @return the configuration.
     * @throws ConfigException when it cannot be used; the message is one line.
     */
    public static StaConfig load(final Path file) throws ConfigException
    {
        final String text;
        try
        {
            text = Files.readString(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfigException(file + ": no such configuration file");
        }
        catch (final AccessDeniedException ex)
        {
            throw new ConfigException(file + ": cannot read the configuration file (permission denied)");
        }
        catch (final IOException ex)
        {
            throw new ConfigException(file + ": cannot read the configuration file: " + ex.getMessage());
        }
        if (text.isBlank())
        {
            throw new ConfigException(file + ": the configuration file is empty");
        }
        try
        {
            final StaConfig config = YAML.readValue(text, StaConfig.class);
            if (config == null)
            {
                throw new ConfigException(file + ": the configuration file holds no settings");
            }
            return config;
        }
        catch (final JacksonException ex)
        {
            throw new ConfigException(describe(file, text.lines().toList(), ex));
        }
    }

    private static String describe(final Path file, final List<String> lines, final JacksonException ex)
    {
        if (ex instanceof JsonMappingException mapping && !(ex.getCause() instanceof JsonProcessingException))
        {
            final List<String> path = keys(mapping);
            final int keyLine = KeyLines.find(lines, path);
            final String where = (keyLine > 0 ? file + ":" + keyLine + ": " : file + ": ")
                + (path.isEmpty() ? "" : String.join(".", path) + ": ");
            final Throwable cause = mapping.getCause();
            if (mapping instanceof UnrecognizedPropertyException unknown)
            {
                return where + "unknown key (known here: " + known(unknown.getKnownPropertyIds()) + ")";
            }
            if (cause instanceof IllegalArgumentException refused)
            {
                return where + refused.getMessage();
            }
            if (mapping instanceof MismatchedInputException mismatch)
            {
                final String value = KeyLines.inlineValue(lines, keyLine);
                return where + (value != null ? "'" + value + "' is not " : "expected ")
                    + typeName(mismatch.getTargetType());
            }
            return where + mapping.getOriginalMessage().lines().findFirst().orElse("");
        }
        final JsonLocation location = ex.getLocation();
        final int line = location == null ? 0 : Math.max(location.getLineNr(), 0);
        return (line > 0 ? file + ":" + line + ": " : file + ": ") + "not valid YAML: "
            + ex.getOriginalMessage().lines().findFirst().orElse("");
    }

    private static List<String> keys(final JsonMappingException ex)
    {
        return ex.getPath().stream()
            .map(JsonMappingException.Reference::getFieldName)
            .filter(java.util.Objects::nonNull)
            .toList();
    }

    private static String known(final Collection<Object> ids)
    {
        return String.join(", ", ids.stream().map(Object::toString).sorted().toList());
    }

    private static String typeName(final Class<?> type)
    {
        if (type == null)
        {
            return "a value of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class)
        {
            return "a whole number";
        }
        if (type == Double.class || type == double.class)
        {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class)
        {
            return "true or false";
        }
        if (type == String.class || type == Path.class)
        {
            return "a text value";
        }
        if (List.class.isAssignableFrom(type))
        {
            return "a list";
        }
        if (type == ByteSize.class)
        {
            return "a size (e.g. 32KiB)";
        }
        if (type == TimeSpan.class)
        {
            return "a duration (e.g. 120s)";
        }
        return "a section of keys";
    }
}
