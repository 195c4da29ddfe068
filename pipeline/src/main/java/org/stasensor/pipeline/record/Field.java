package org.stasensor.pipeline.record;

/**
 * One variable field of a record: its wire id, its ECS name and how its bytes are to be read.
 * Instances live in {@link Fields} only, which is the single definition of every field id.
 */
public final class Field
{
    private final int id;
    private final String name;
    private final FieldType type;
    private final boolean list;
    private final String[] path;

    Field(final int id, final String name, final FieldType type, final boolean list)
    {
        if (id <= 0 || id > Fields.MAX_FIELD_ID)
        {
            throw new IllegalArgumentException("field id out of range: " + id + " for " + name);
        }
        this.id = id;
        this.name = name;
        this.type = type;
        this.list = list;
        this.path = name.split("\\.");
    }

    /**
     * The id stored in front of the value in a record.
     *
     * @return 1..{@link Fields#MAX_FIELD_ID}.
     */
    public int id()
    {
        return id;
    }

    /**
     * The dotted ECS name, e.g. {@code tls.client.ja3}.
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }

    /**
     * How the value bytes are stored.
     *
     * @return the type.
     */
    public FieldType type()
    {
        return type;
    }

    /**
     * Whether the field is an array: every occurrence in a record is one element.
     *
     * @return true for array fields.
     */
    public boolean isList()
    {
        return list;
    }

    /**
     * The name split at its dots, for nesting in JSON.
     *
     * @return the path segments; do not modify.
     */
    String[] path()
    {
        return path;
    }

    @Override
    public String toString()
    {
        return name + "#" + id;
    }
}
