package org.lifelongseg.core.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.lifelongseg.core.task.ClassSpace;

/**
 * How the label files of a dataset encode classes: the class each raw value (0..255) names, and
 * which values may occur at all. Immutable and thread-safe.
 *
 * <pre>{@code
 * LabelEncoding enc = LabelEncoding.classIndices("classes.txt", ClassSpace.of("grass", "path"));
 * byte[] table = enc.table(ClassSpace.of("path", "grass"), List.of("path"));
 * // raw 1 (path) -> channel 0; raw 0 (grass, not labelled), 255 (void) -> 255 (ignored)
 * }</pre>
 *
 * <p>A value may be valid without naming a class (void): it is then ignored in every table.
 */
public final class LabelEncoding {

    /** The label value of ignored pixels in the tables (and of void in {@link #classIndices}). */
    public static final int IGNORED = 255;

    private final String name;
    private final String[] classOf;
    private final boolean[] valid;
    private final String invalidValue;
    private final List<String> classes;

    private LabelEncoding(String name, String[] classOf, boolean[] valid, String invalidValue) {
        this.name = name;
        this.classOf = classOf;
        this.valid = valid;
        this.invalidValue = invalidValue;
        Set<String> names = new LinkedHashSet<>();
        for (String c : classOf) {
            if (c != null) {
                names.add(c);
            }
        }
        this.classes = List.copyOf(names);
    }

    /**
     * An encoding.
     *
     * @param name names the encoding in errors, e.g. a class list's file or "the Cityscapes label
     *     table"
     * @param classOf 256 entries: the class a raw value names, or null (void or not valid); copied
     * @param valid 256 entries: the raw values a label file may hold (every value naming a class
     *     must be valid); copied
     * @param invalidValue completes the error about a value that is not valid, after "label value
     *     V (at x=.., y=..; N pixel(s)) ", e.g. "is not in the label table (ids 0..33)"
     * @return the encoding
     * @throws IllegalArgumentException if an array does not have 256 entries or a value naming a
     *     class is not valid
     */
    public static LabelEncoding of(String name, String[] classOf, boolean[] valid, String invalidValue) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(invalidValue, "invalidValue");
        if (classOf.length != 256 || valid.length != 256) {
            throw new IllegalArgumentException("a label encoding needs 256 entries, got "
                    + classOf.length + " classes and " + valid.length + " validity flags");
        }
        for (int v = 0; v < 256; v++) {
            if (classOf[v] != null && !valid[v]) {
                throw new IllegalArgumentException("value " + v + " names class '" + classOf[v]
                        + "' but is not valid");
            }
        }
        return new LabelEncoding(name, classOf.clone(), valid.clone(), invalidValue);
    }

    /**
     * Value i names class i of {@code classes}, {@value #IGNORED} is void, every other value is
     * invalid: the encoding of a class list (at most 255 classes).
     *
     * @param name the class list's name in errors, e.g. its file
     * @param classes the classes, value i = class i
     * @return the encoding
     * @throws IllegalArgumentException if there are more than 255 classes
     */
    public static LabelEncoding classIndices(String name, ClassSpace classes) {
        return classIndices(name, classes, IGNORED);
    }

    /**
     * Value i names class i of {@code classes}, {@code voidValue} is void (ignored, so {@value
     * #IGNORED} in every table), every other value is invalid: the encoding of a class list whose
     * label files mark unlabelled pixels with {@code voidValue}.
     *
     * @param name the class list's name in errors, e.g. its file
     * @param classes the classes, value i = class i (at most 255)
     * @param voidValue the value of unlabelled pixels, 0..255 and no class's value
     * @return the encoding
     * @throws IllegalArgumentException if there are more than 255 classes or the void value is
     *     out of range or a class's value
     */
    public static LabelEncoding classIndices(String name, ClassSpace classes, int voidValue) {
        int n = classes.size();
        if (n > IGNORED) {
            throw new IllegalArgumentException(name + " names " + n + " classes; at most " + IGNORED
                    + " fit 8-bit labels (value 255 means void)");
        }
        if (voidValue < 0 || voidValue > 255) {
            throw new IllegalArgumentException("ignore index must be 0..255, not " + voidValue);
        }
        if (voidValue < n) {
            throw new IllegalArgumentException("ignore index " + voidValue + " is class '"
                    + classes.name(voidValue) + "' (line " + (voidValue + 1) + " of " + name
                    + "); the value of void pixels must be no class's (" + n + "..255)");
        }
        String[] classOf = new String[256];
        boolean[] valid = new boolean[256];
        for (int v = 0; v < n; v++) {
            classOf[v] = classes.name(v);
            valid[v] = true;
        }
        valid[voidValue] = true;
        return of(name, classOf, valid, "is not a class: " + name + " lists " + n + " classes (values 0.."
                + (n - 1) + "; " + voidValue + " = void)");
    }

    /** The encoding's name in errors. */
    public String name() {
        return name;
    }

    /** The classes the values name, in the order of their first value. */
    public List<String> classes() {
        return classes;
    }

    /** The class raw value {@code value} names, if any. */
    public Optional<String> classOf(int value) {
        return Optional.ofNullable(classOf[value & 0xFF]);
    }

    /** Whether a label file may hold {@code value}. */
    public boolean isValid(int value) {
        return valid[value & 0xFF];
    }

    /**
     * Checks every value of a label map.
     *
     * @param sampleId the sample, for the error
     * @param file the label file, for the error
     * @param labels the raw values, row-major
     * @param width the map's width, to locate the first bad value
     * @throws BadSampleException naming the file, the first invalid value, where it is and how
     *     often it occurs
     */
    public void check(String sampleId, Path file, byte[] labels, int width) throws BadSampleException {
        for (int i = 0; i < labels.length; i++) {
            int v = labels[i] & 0xFF;
            if (!valid[v]) {
                long count = 0;
                for (byte b : labels) {
                    count += (b & 0xFF) == v ? 1 : 0;
                }
                throw new BadSampleException(sampleId, file, "label value " + v + " (at x=" + i % width
                        + ", y=" + i / width + "; " + count + " pixel(s)) " + invalidValue);
            }
        }
    }

    /** The classes a label map shows (at least one pixel), in the order of {@link #classes()}. */
    public Set<String> classesIn(byte[] labels) {
        boolean[] seen = new boolean[256];
        for (byte b : labels) {
            seen[b & 0xFF] = true;
        }
        Set<String> shown = new HashSet<>();
        for (int v = 0; v < 256; v++) {
            if (seen[v] && classOf[v] != null) {
                shown.add(classOf[v]);
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (String c : classes) {
            if (shown.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The 256-entry table from raw values to the index in {@code space} of the class they name, if
     * that class is {@code labelled}; every other value (other classes, void, invalid) to
     * {@value #IGNORED}.
     *
     * @throws IllegalArgumentException if a labelled class is listed twice, is not a class of
     *     this encoding or not in {@code space}, or the space does not fit 8-bit labels
     */
    public byte[] table(ClassSpace space, Collection<String> labelled) {
        if (space.size() > IGNORED) {
            throw new IllegalArgumentException("a class space of " + space.size()
                    + " classes does not fit 8-bit labels (255 means ignored)");
        }
        Set<String> marked = new HashSet<>();
        for (String c : labelled) {
            if (!marked.add(c)) {
                throw new IllegalArgumentException("class '" + c + "' listed twice");
            }
            if (!classes.contains(c)) {
                throw new IllegalArgumentException(name + " has no class '" + c + "'; classes: " + classes);
            }
            space.indexOf(c);
        }
        byte[] t = new byte[256];
        Arrays.fill(t, (byte) IGNORED);
        for (int v = 0; v < 256; v++) {
            if (classOf[v] != null && marked.contains(classOf[v])) {
                t[v] = (byte) space.indexOf(classOf[v]);
            }
        }
        return t;
    }

    @Override
    public String toString() {
        List<String> valueNames = new ArrayList<>();
        for (int v = 0; v < 256; v++) {
            if (classOf[v] != null) {
                valueNames.add(v + "=" + classOf[v]);
            }
        }
        return "LabelEncoding{" + name + ": " + valueNames + "}";
    }
}
