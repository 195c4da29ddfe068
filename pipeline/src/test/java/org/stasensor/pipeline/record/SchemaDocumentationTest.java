package org.stasensor.pipeline.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.stasensor.pipeline.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/schema.md is the reference people read; it must name every field the code can write.
 */
class SchemaDocumentationTest
{
    @Test
    void everyFieldIsDocumented() throws IOException
    {
        final Path schema = TestFiles.projectRoot().resolve("docs/schema.md");
        final String text = Files.readString(schema);
        final List<String> missing = new ArrayList<>();
        for (final Field field : Fields.all())
        {
            if (!text.contains("| `" + field.name() + "` |"))
            {
                missing.add(field.name());
            }
        }
        assertEquals(List.of(), missing, "fields missing from " + schema);
    }
}
