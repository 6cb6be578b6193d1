package org.lifelongseg.core.task;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.lifelongseg.core.data.SampleInfo;

/**
 * Which images of a split a task trains on.
 *
 * <pre>{@code
 * ImageFilter stage1 = ImageFilter.groups("hanover", "aachen", "strasbourg", "dusseldorf");
 * ImageFilter half = ImageFilter.randomPartition(42, 2, 0);   // a seeded half of the images
 * List<CityscapesPair> chosen = ImageFilter.allOf(stage1, half).select(pairs);
 * }</pre>
 *
 * <p>{@link #select} keeps the candidates' order. Every filter is a value (equals/hashCode) and
 * is saved with its task sequence as JSON (see {@link TaskSequenceJson}).
 */
public sealed interface ImageFilter
        permits ImageFilter.All,
                ImageFilter.Groups,
                ImageFilter.Ids,
                ImageFilter.RandomPartition,
                ImageFilter.AllOf,
                ImageFilter.AnyOf {

    /**
     * The candidates this filter keeps, in their original order.
     *
     * @throws IllegalArgumentException if an image list names an image no candidate has (groups
     *     without images are fine: a small copy of a dataset may lack some cities)
     */
    <T extends SampleInfo> List<T> select(List<T> candidates);

    /** Every image. */
    static ImageFilter all() {
        return All.INSTANCE;
    }

    /** The images of these groups (cities). */
    static ImageFilter groups(String... groups) {
        return new Groups(ImmutableSet.copyOf(groups));
    }

    /** The images of these groups (cities). */
    static ImageFilter groups(Collection<String> groups) {
        return new Groups(ImmutableSet.copyOf(groups));
    }

    /**
     * The images in this list. An entry matches an image if its last path segment equals the
     * image's id or starts with the id followed by {@code '_'} or {@code '.'}, so both ids ({@code
     * aachen_000000_000019}) and file names or paths ({@code
     * leftImg8bit/train/aachen/aachen_000000_000019_leftImg8bit.png}) work.
     */
    static ImageFilter ids(Collection<String> entries) {
        return new Ids(ImmutableSet.copyOf(entries));
    }

    /**
     * The images listed in a text file, one per line (see {@link #ids}); blank lines and lines
     * starting with {@code #} are skipped.
     */
    static ImageFilter idsFromFile(Path file) {
        try {
            List<String> entries = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) {
                    entries.add(s);
                }
            }
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("image list " + file + " names no image");
            }
            return ids(entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image list " + file, e);
        }
    }

    /**
     * Part {@code part} (0-based) of a seeded random partition of the candidates into {@code parts}
     * parts whose sizes differ by at most one. The partition depends only on the seed and the set
     * of candidate ids, not on their order, so the parts of one seed are disjoint and cover all
     * candidates.
     */
    static ImageFilter randomPartition(long seed, int parts, int part) {
        return new RandomPartition(seed, parts, part);
    }

    /** The images every one of the filters keeps. */
    static ImageFilter allOf(ImageFilter... filters) {
        return new AllOf(ImmutableList.copyOf(filters));
    }

    /** The images any of the filters keeps (their union, e.g. every task's images). */
    static ImageFilter anyOf(ImageFilter... filters) {
        return new AnyOf(ImmutableList.copyOf(filters));
    }

    /** Every image. */
    enum All implements ImageFilter {
        INSTANCE;

        @Override
        public <T extends SampleInfo> List<T> select(List<T> candidates) {
            return List.copyOf(candidates);
        }

        @Override
        public String toString() {
            return "all";
        }
    }

    /** The images whose group is one of {@code groups}. */
    record Groups(ImmutableSet<String> groups) implements ImageFilter {
        public Groups {
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("a group filter needs at least one group");
            }
            groups.forEach(ClassSpace::checkName);
        }

        @Override
        public <T extends SampleInfo> List<T> select(List<T> candidates) {
            return candidates.stream().filter(c -> groups.contains(c.group())).toList();
        }
    }

    /** The images named by a list (ids, file names or paths). */
    record Ids(ImmutableSet<String> entries) implements ImageFilter {
        public Ids {
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("an image list needs at least one entry");
            }
        }

        @Override
        public <T extends SampleInfo> List<T> select(List<T> candidates) {
            Set<String> keys = new HashSet<>();
            for (String e : entries) {
                String s = e.replace('\\', '/');
                keys.add(s.substring(s.lastIndexOf('/') + 1));
            }
            Set<String> matched = new HashSet<>();
            List<T> out = new ArrayList<>();
            for (T c : candidates) {
                String hit = match(keys, c.id());
                if (hit != null) {
                    out.add(c);
                    matched.add(hit);
                }
            }
            if (matched.size() < keys.size()) {
                Set<String> missing = new LinkedHashSet<>(keys);
                missing.removeAll(matched);
                throw new IllegalArgumentException(
                        "image list names " + missing.size() + " image(s) not in the split: "
                                + missing.stream().limit(10).toList());
            }
            return out;
        }

        private static String match(Set<String> keys, String id) {
            if (keys.contains(id)) {
                return id;
            }
            for (String k : keys) {
                if (k.length() > id.length()
                        && k.startsWith(id)
                        && (k.charAt(id.length()) == '_' || k.charAt(id.length()) == '.')) {
                    return k;
                }
            }
            return null;
        }
    }

    /** Part {@code part} of a seeded partition into {@code parts} near-equal parts. */
    record RandomPartition(long seed, int parts, int part) implements ImageFilter {
        public RandomPartition {
            if (parts < 1 || part < 0 || part >= parts) {
                throw new IllegalArgumentException(
                        "random partition: need parts >= 1 and 0 <= part < parts, got parts="
                                + parts + ", part=" + part);
            }
        }

        @Override
        public <T extends SampleInfo> List<T> select(List<T> candidates) {
            List<String> ids = new ArrayList<>(new java.util.TreeSet<>(
                    candidates.stream().map(SampleInfo::id).toList()));
            Collections.shuffle(ids, new Random(seed));
            int n = ids.size();
            int from = (int) ((long) n * part / parts);
            int to = (int) ((long) n * (part + 1) / parts);
            Set<String> keep = new HashSet<>(ids.subList(from, to));
            return candidates.stream().filter(c -> keep.contains(c.id())).toList();
        }
    }

    /** The intersection of several filters; each filter sees all candidates. */
    record AllOf(ImmutableList<ImageFilter> filters) implements ImageFilter {
        public AllOf {
            if (filters.isEmpty()) {
                throw new IllegalArgumentException("allOf needs at least one filter");
            }
        }

        @Override
        public <T extends SampleInfo> List<T> select(List<T> candidates) {
            List<Set<String>> kept = new ArrayList<>();
            for (ImageFilter f : filters) {
                Set<String> ids = new HashSet<>();
                f.select(candidates).forEach(c -> ids.add(c.id()));
                kept.add(ids);
            }
            kept.sort(Comparator.comparingInt(Set::size));
            return candidates.stream()
                    .filter(c -> kept.stream().allMatch(s -> s.contains(c.id())))
                    .toList();
        }

        @Override
        public String toString() {
            return "allOf" + Arrays.toString(filters.toArray());
        }
    }

    /** The union of several filters; each filter sees all candidates. */
    record AnyOf(ImmutableList<ImageFilter> filters) implements ImageFilter {
        public AnyOf {
            if (filters.isEmpty()) {
                throw new IllegalArgumentException("anyOf needs at least one filter");
            }
        }

        @Override
        public <T extends SampleInfo> List<T> select(List<T> candidates) {
            Set<String> kept = new HashSet<>();
            for (ImageFilter f : filters) {
                f.select(candidates).forEach(c -> kept.add(c.id()));
            }
            return candidates.stream().filter(c -> kept.contains(c.id())).toList();
        }

        @Override
        public String toString() {
            return "anyOf" + Arrays.toString(filters.toArray());
        }
    }
}
