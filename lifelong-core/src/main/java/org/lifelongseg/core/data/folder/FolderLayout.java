package org.lifelongseg.core.data.folder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lifelongseg.core.data.BadSampleReport;
import org.lifelongseg.core.data.LabelEncoding;
import org.lifelongseg.core.data.SplitScan;
import org.lifelongseg.core.task.ClassSpace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of a folder dataset: the class list and the image/label pairs of each split.
 *
 * <pre>{@code
 * FolderLayout layout = FolderLayout.at(Path.of("data/shapes"));   // reads classes.txt
 * ClassSpace classes = layout.classes();                           // label value i = channel i
 * List<FolderSample> train = layout.samples("train");              // sorted by file name
 * }</pre>
 *
 * <p>Layout: {@code <root>/classes.txt} (UTF-8, one class per line, line i names label value i:
 * {@code name} or {@code name r g b}, the class's colour in colour maps as three whole numbers
 * 0..255; every line has a colour or none; a name may hold spaces and end in one number, e.g.
 * {@code lane 2}; surrounding white space and trailing blank lines are ignored; at most 255
 * classes), {@code <root>/images/<split>/<name>.png|.jpg|.jpeg} and {@code
 * <root>/labels/<split>/<name>.png}, whose pixels hold class values and the ignore index (void,
 * 255 unless {@link #at(Path, int)} says otherwise). Other files in an image folder are ignored;
 * label files without an image are logged.
 */
public final class FolderLayout {

    /** The class list's file name. */
    public static final String CLASSES_FILE = "classes.txt";

    /** The folder of the images, {@code <root>/images/<split>/}. */
    public static final String IMAGES = "images";

    /** The folder of the label maps, {@code <root>/labels/<split>/}. */
    public static final String LABELS = "labels";

    /** The default label value of unlabelled (void) pixels. */
    public static final int VOID = 255;

    private static final Logger LOG = LoggerFactory.getLogger(FolderLayout.class);

    /** A number-like word: a colour value, or a malformed one to be named in the error. */
    private static final Pattern NUMBER = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    private static final Pattern WORD = Pattern.compile("\\S+");

    private final Path root;
    private final ClassSpace classes;
    private final Map<String, Integer> colors;
    private final int ignoreIndex;
    private final LabelEncoding encoding;

    private FolderLayout(Path root, ClassList list, int ignoreIndex) {
        this.root = root;
        this.classes = ClassSpace.of(list.names());
        this.colors = list.colors();
        this.ignoreIndex = ignoreIndex;
        this.encoding = LabelEncoding.classIndices(classesFile().toString(), classes, ignoreIndex);
    }

    /**
     * Opens a folder dataset whose label files mark void with {@value #VOID}, and reads its class
     * list.
     *
     * @param root the dataset folder
     * @return the layout
     * @throws IllegalArgumentException naming the file if the root is no folder or {@value
     *     #CLASSES_FILE} is missing or malformed
     * @throws UncheckedIOException if the class list cannot be read
     */
    public static FolderLayout at(Path root) {
        return at(root, VOID);
    }

    /**
     * Opens a folder dataset and reads its class list.
     *
     * @param root the dataset folder
     * @param ignoreIndex the label value of unlabelled (void) pixels: 0..255 and no class's value
     * @return the layout
     * @throws IllegalArgumentException naming the file if the root is no folder or {@value
     *     #CLASSES_FILE} is missing or malformed, or naming the class the ignore index is
     * @throws UncheckedIOException if the class list cannot be read
     */
    public static FolderLayout at(Path root, int ignoreIndex) {
        Objects.requireNonNull(root, "root");
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("folder dataset root " + root + " is not a directory");
        }
        Path file = root.resolve(CLASSES_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is missing: a folder dataset needs its class"
                    + " list there, one class name per line (line i names label value i)");
        }
        return new FolderLayout(root, readClassList(file), ignoreIndex);
    }

    /**
     * Reads a class list: one class per line, line i (0-based) names label value i; colours are
     * dropped (see {@link #colors()}).
     *
     * @throws IllegalArgumentException naming the file and line if it is empty, has a blank line
     *     before the last name, a duplicate name, a malformed colour, colours on some lines only
     *     or more than 255 names
     * @throws UncheckedIOException if it cannot be read
     */
    public static ClassSpace readClasses(Path file) {
        return ClassSpace.of(readClassList(file).names());
    }

    /** The names of a class list and their colours (none, or one per class). */
    private record ClassList(List<String> names, Map<String, Integer> colors) {}

    private static ClassList readClassList(Path file) {
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class list " + file + ": " + e.getMessage(), e);
        }
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
            lines.set(0, lines.get(0).substring(1));
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " names no class: write one class name per line"
                    + " (line i names label value i)");
        }
        if (lines.size() > VOID) {
            throw new IllegalArgumentException(file + " names " + lines.size() + " classes; at most "
                    + VOID + " fit 8-bit labels (value 255 means void)");
        }
        Map<String, Integer> seen = new HashMap<>();
        List<String> names = new ArrayList<>();
        Map<String, Integer> colors = new LinkedHashMap<>();
        int coloured = 0;
        int plain = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            Map.Entry<String, Integer> named = parseLine(file, i + 1, line);
            String name = named.getKey();
            if (named.getValue() != null) {
                coloured = coloured == 0 ? i + 1 : coloured;
                colors.put(name, named.getValue());
            } else if (!name.isEmpty()) {
                plain = plain == 0 ? i + 1 : plain;
            }
            if (coloured != 0 && plain != 0) {
                throw new IllegalArgumentException(file + ": line " + Math.max(coloured, plain) + " '"
                        + lines.get(Math.max(coloured, plain) - 1).strip() + "' " + (coloured > plain
                                ? "has a colour but line " + plain + " has none"
                                : "has no colour but line " + coloured + " has one")
                        + ": give every class a colour (name r g b) or none");
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + " is blank, but line i"
                        + " names label value i-1, so every line before the last needs a class name");
            }
            Integer before = seen.putIfAbsent(name, i + 1);
            if (before != null) {
                throw new IllegalArgumentException(file + ": class '" + name + "' appears on line "
                        + before + " and line " + (i + 1));
            }
            names.add(name);
        }
        return new ClassList(List.copyOf(names), Collections.unmodifiableMap(colors));
    }

    /**
     * A line of a class list: {@code name} or {@code name r g b}, the name and its colour
     * 0xRRGGBB (null without); a name may end in one number ({@code lane 2}), not in two.
     *
     * @throws IllegalArgumentException naming the file, line and what is wrong with the colour
     */
    private static Map.Entry<String, Integer> parseLine(Path file, int lineNumber, String line) {
        List<int[]> words = new ArrayList<>(); // start, end
        Matcher m = WORD.matcher(line);
        while (m.find()) {
            words.add(new int[] {m.start(), m.end()});
        }
        int numbers = 0;
        while (numbers < words.size() - 1 // the first word is always part of the name
                && NUMBER.matcher(word(line, words.get(words.size() - 1 - numbers))).matches()) {
            numbers++;
        }
        if (numbers <= 1) {
            return new AbstractMap.SimpleEntry<>(line, null);
        }
        String where = file + ": line " + lineNumber + " '" + line + "': ";
        if (numbers == 2) {
            throw new IllegalArgumentException(where + "a colour is three whole numbers 0..255 after the"
                    + " name (name r g b), found two");
        }
        int rgb = 0;
        for (int k = words.size() - 3; k < words.size(); k++) {
            String v = word(line, words.get(k));
            int value;
            try {
                value = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "colour value '" + v + "' is not a whole number"
                        + " 0..255", e);
            }
            if (value < 0 || value > 255) {
                throw new IllegalArgumentException(where + "colour value " + value + " is not in 0..255");
            }
            rgb = rgb << 8 | value;
        }
        return new AbstractMap.SimpleEntry<>(line.substring(0, words.get(words.size() - 3)[0]).strip(), rgb);
    }

    private static String word(String line, int[] span) {
        return line.substring(span[0], span[1]);
    }

    /** The dataset folder. */
    public Path root() {
        return root;
    }

    /** {@code <root>/classes.txt}. */
    public Path classesFile() {
        return root.resolve(CLASSES_FILE);
    }

    /** The dataset's classes: label value i is class {@code classes().name(i)}. */
    public ClassSpace classes() {
        return classes;
    }

    /**
     * The classes' colours 0xRRGGBB as {@code classes.txt} gives them, in class order; empty when
     * it gives none.
     */
    public Map<String, Integer> colors() {
        return colors;
    }

    /** The label value of unlabelled (void) pixels. */
    public int ignoreIndex() {
        return ignoreIndex;
    }

    /**
     * How the label files encode classes: value i is class i of {@link #classes()}, {@link
     * #ignoreIndex()} is void, any other value is an error naming {@code classes.txt}.
     */
    public LabelEncoding encoding() {
        return encoding;
    }

    /** {@code <root>/images/<split>}. */
    public Path imagesDirectory(String split) {
        return root.resolve(IMAGES).resolve(checkSplit(split));
    }

    /** {@code <root>/labels/<split>}. */
    public Path labelsDirectory(String split) {
        return root.resolve(LABELS).resolve(checkSplit(split));
    }

    /** The splits: the folders under {@code <root>/images}, sorted. */
    public List<String> splits() {
        Path images = root.resolve(IMAGES);
        if (!Files.isDirectory(images)) {
            return List.of();
        }
        Set<String> out = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(images, Files::isDirectory)) {
            ds.forEach(p -> out.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + images + ": " + e.getMessage(), e);
        }
        return List.copyOf(out);
    }

    /**
     * Finds the image/label pairs of a split (file names only; nothing is decoded), sorted by id,
     * and the problems found (an image without label file, two images with the same name); the
     * pairs exclude the problematic images.
     *
     * @throws IllegalArgumentException naming the folder if the split has no image folder
     * @throws UncheckedIOException if a folder cannot be listed
     */
    public SplitScan<FolderSample> scan(String split) {
        Path labels = labelsDirectory(split);
        TreeMap<String, List<Path>> byId = imagesById(split);
        List<FolderSample> ok = new ArrayList<>();
        List<BadSampleReport.Entry> problems = new ArrayList<>();
        for (Map.Entry<String, List<Path>> e : byId.entrySet()) {
            String id = e.getKey();
            List<Path> files = e.getValue();
            files.sort(null);
            Path label = labels.resolve(id + ".png");
            if (id.isBlank()) {
                problems.add(new BadSampleReport.Entry(id, files.get(0) + ": image has no name"));
            } else if (files.size() > 1) {
                problems.add(new BadSampleReport.Entry(id, files.get(0) + ": image '" + id
                        + "' exists twice, also as " + files.subList(1, files.size())
                        + "; its label " + label + " can belong to only one"));
            } else if (!Files.isRegularFile(label)) {
                problems.add(new BadSampleReport.Entry(id, files.get(0) + ": image has no label file "
                        + label));
            } else {
                ok.add(new FolderSample(id, files.get(0), label));
            }
        }
        warnAboutOrphanLabels(labels, byId.keySet());
        return new SplitScan<>(root, split, ok, problems);
    }

    /** The image files of a split by id (file name without extension), sorted. */
    private TreeMap<String, List<Path>> imagesById(String split) {
        Path images = imagesDirectory(split);
        if (!Files.isDirectory(images)) {
            throw new IllegalArgumentException("split '" + split + "' of folder dataset " + root
                    + " has no image folder " + images + "; splits: " + splits());
        }
        TreeMap<String, List<Path>> byId = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(images)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String ext = extension(name);
                if (!Files.isRegularFile(p) || !(ext.equals("png") || ext.equals("jpg") || ext.equals("jpeg"))) {
                    LOG.debug("ignoring {} (not a .png/.jpg/.jpeg file)", p);
                    continue;
                }
                byId.computeIfAbsent(name.substring(0, name.length() - ext.length() - 1),
                        k -> new ArrayList<>()).add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + images + ": " + e.getMessage(), e);
        }
        return byId;
    }

    /**
     * The image/label pairs of a split, sorted by id.
     *
     * @throws IllegalArgumentException naming the file of the first problem (e.g. an image without
     *     label file) and how many there are
     */
    public List<FolderSample> samples(String split) {
        return scan(split).samplesOrThrow();
    }

    private static void warnAboutOrphanLabels(Path labels, Set<String> imageIds) {
        List<Path> orphans = orphans(labels, imageIds);
        if (!orphans.isEmpty()) {
            LOG.warn("{} label file(s) in {} have no image, e.g. {}", orphans.size(), labels, orphans.get(0));
        }
    }

    /**
     * The label files of a split without an image of the same name, sorted (none if the split has
     * no label folder).
     *
     * @throws UncheckedIOException if a folder cannot be listed
     */
    public List<Path> labelsWithoutImage(String split) {
        return orphans(labelsDirectory(split), imagesById(split).keySet());
    }

    private static List<Path> orphans(Path labels, Set<String> imageIds) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(labels)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(labels, "*.png")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!imageIds.contains(name.substring(0, name.length() - 4))) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + labels + ": " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String checkSplit(String split) {
        Objects.requireNonNull(split, "split");
        if (split.isBlank() || split.contains("/") || split.contains("\\") || split.equals(".")
                || split.equals("..")) {
            throw new IllegalArgumentException("split must be a plain folder name, got '" + split + "'");
        }
        return split;
    }

    @Override
    public String toString() {
        return "FolderLayout{" + root + ", " + classes.size() + " classes}";
    }
}
