package org.lifelongseg.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.data.SampleInfo;

class ImageFilterTest {

    record Img(String id, String group) implements SampleInfo {}

    static List<Img> images(int n) {
        List<Img> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(new Img("city" + (i % 3) + "_" + String.format("%06d", i), "city" + (i % 3)));
        }
        return l;
    }

    @Property(tries = 50)
    void randomPartitionsAreDisjointCoveringBalancedAndOrderFree(
            @ForAll @IntRange(min = 0, max = 60) int n,
            @ForAll @IntRange(min = 1, max = 7) int parts,
            @ForAll long seed) {
        List<Img> imgs = images(n);
        List<Img> shuffled = new ArrayList<>(imgs);
        Collections.shuffle(shuffled, new Random(seed ^ 1));
        Set<String> union = new HashSet<>();
        int total = 0;
        for (int p = 0; p < parts; p++) {
            List<Img> part = ImageFilter.randomPartition(seed, parts, p).select(imgs);
            List<Img> part2 = ImageFilter.randomPartition(seed, parts, p).select(shuffled);
            assertEquals(new HashSet<>(part), new HashSet<>(part2));
            assertTrue(Math.abs(part.size() - (double) n / parts) < 1.0);
            part.forEach(i -> union.add(i.id()));
            total += part.size();
        }
        assertEquals(n, total);
        assertEquals(n, union.size());
    }

    @Test
    void groupsKeepOrderAndAllowMissingGroups() {
        List<Img> imgs = images(9);
        List<Img> g = ImageFilter.groups("city1", "nowhere").select(imgs);
        assertEquals(List.of(imgs.get(1), imgs.get(4), imgs.get(7)), g);
        assertThrows(IllegalArgumentException.class, () -> ImageFilter.groups(List.of()));
    }

    @Test
    void idListsMatchIdsFileNamesAndPathsAndRejectUnknownEntries(@TempDir Path dir)
            throws Exception {
        List<Img> imgs = images(6);
        Path list = dir.resolve("list.txt");
        Files.writeString(list, "# stage list\ncity0_000000\n\n"
                + "leftImg8bit/train/city1/city1_000004_leftImg8bit.png\n");
        assertEquals(List.of(imgs.get(0), imgs.get(4)), ImageFilter.idsFromFile(list).select(imgs));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageFilter.ids(List.of("city0_000000", "city9_000099")).select(imgs));
        assertTrue(e.getMessage().contains("city9_000099"), e.getMessage());
    }

    @Test
    void allOfIntersects() {
        List<Img> imgs = images(12);
        List<Img> a = ImageFilter.allOf(ImageFilter.groups("city0"),
                ImageFilter.randomPartition(3, 2, 0)).select(imgs);
        List<Img> b = ImageFilter.randomPartition(3, 2, 0).select(imgs);
        for (Img i : imgs) {
            assertEquals(i.group().equals("city0") && b.contains(i), a.contains(i));
        }
    }

    @Test
    void anyOfUnitesInTheCandidatesOrder() {
        List<Img> imgs = images(12);
        ImageFilter half = ImageFilter.randomPartition(3, 2, 0);
        List<Img> u = ImageFilter.anyOf(ImageFilter.groups("city0"), half).select(imgs);
        List<Img> b = half.select(imgs);
        for (Img i : imgs) {
            assertEquals(i.group().equals("city0") || b.contains(i), u.contains(i));
        }
        assertEquals(imgs.stream().filter(u::contains).toList(), u, "the candidates' order");
        assertEquals(imgs, ImageFilter.anyOf(half, ImageFilter.randomPartition(3, 2, 1)).select(imgs));
        assertThrows(IllegalArgumentException.class, () -> ImageFilter.anyOf());
    }
}
