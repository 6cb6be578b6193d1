package org.lifelongseg.core.task;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * An ordered list of distinct class names; a class's index is its output channel.
 *
 * <pre>{@code
 * ClassSpace s1 = ClassSpace.of("road", "sidewalk");
 * ClassSpace s2 = s1.append(List.of("building"));   // road=0, sidewalk=1, building=2
 * int channel = s2.indexOf("building");              // 2
 * }</pre>
 *
 * <p>Class spaces only grow by appending, so the channels of old classes keep their indices.
 */
public final class ClassSpace {

    private static final ClassSpace EMPTY = new ClassSpace(ImmutableList.of());

    private final ImmutableList<String> names;
    private final ImmutableMap<String, Integer> index;

    private ClassSpace(ImmutableList<String> names) {
        this.names = names;
        ImmutableMap.Builder<String, Integer> b = ImmutableMap.builder();
        for (int i = 0; i < names.size(); i++) {
            b.put(names.get(i), i);
        }
        this.index = b.buildOrThrow();
    }

    /** The class space without classes. */
    public static ClassSpace empty() {
        return EMPTY;
    }

    /** A class space of these names, in this order; duplicates and blank names are rejected. */
    public static ClassSpace of(String... names) {
        return of(Arrays.asList(names));
    }

    /** A class space of these names, in this order; duplicates and blank names are rejected. */
    public static ClassSpace of(Collection<String> names) {
        return EMPTY.append(names);
    }

    /**
     * A class space with {@code more} appended after this space's classes.
     *
     * @throws IllegalArgumentException if a name is blank or already present (naming it)
     */
    public ClassSpace append(Collection<String> more) {
        List<String> all = new ArrayList<>(names);
        Map<String, Integer> seen = new java.util.HashMap<>(index);
        for (String n : more) {
            checkName(n);
            if (seen.putIfAbsent(n, all.size()) != null) {
                throw new IllegalArgumentException(
                        "class '" + n + "' appears twice (class space " + all + ")");
            }
            all.add(n);
        }
        return new ClassSpace(ImmutableList.copyOf(all));
    }

    static void checkName(String n) {
        Objects.requireNonNull(n, "class name");
        if (n.isBlank() || !n.strip().equals(n)) {
            throw new IllegalArgumentException(
                    "class name '" + n + "' is blank or has surrounding white space");
        }
    }

    /** The number of classes (output channels). */
    public int size() {
        return names.size();
    }

    /** The class names in channel order. */
    public List<String> names() {
        return names;
    }

    /** The name of channel {@code i}. */
    public String name(int i) {
        return names.get(i);
    }

    /** Whether the class is in this space. */
    public boolean contains(String name) {
        return index.containsKey(name);
    }

    /** The channel of the class, if present. */
    public OptionalInt find(String name) {
        Integer i = index.get(name);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    /**
     * The channel of the class.
     *
     * @throws IllegalArgumentException naming the class and the space if it is absent
     */
    public int indexOf(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("unknown class '" + name + "'; class space: " + names);
        }
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassSpace c && c.names.equals(names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return "ClassSpace" + names;
    }
}
