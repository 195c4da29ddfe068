package org.stasensor.appliance.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks of files a configuration names, made while loading so that the message names the key's line. */
final class ConfigFiles
{
    private ConfigFiles()
    {
    }

    static void requireReadable(final Path file)
    {
        if (!Files.isRegularFile(file) || !Files.isReadable(file))
        {
            throw new IllegalArgumentException(file + ": no such readable file");
        }
    }
}
