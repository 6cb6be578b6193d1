package org.lifelongseg.cityscapes.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.cityscapes.synthetic.OutOfDomainScenes.Kind;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.RgbImage;

class OutOfDomainScenesTest {

    @Test
    void deterministicBySeedAndDifferentAcrossIndicesAndSeeds() {
        OutOfDomainScenes a = OutOfDomainScenes.builder().optSeed(3).optSize(128, 64).build();
        OutOfDomainScenes b = OutOfDomainScenes.builder().optSeed(3).optSize(128, 64).build();
        OutOfDomainScenes c = OutOfDomainScenes.builder().optSeed(4).optSize(128, 64).build();
        for (Kind k : Kind.values()) {
            RgbImage x = a.render(k, 5);
            assertEquals(128, x.width());
            assertEquals(64, x.height());
            assertArrayEquals(x.pixels(), b.render(k, 5).pixels(), k + " is not deterministic");
            assertFalse(java.util.Arrays.equals(x.pixels(), a.render(k, 6).pixels()), k + " repeats across indices");
            assertFalse(java.util.Arrays.equals(x.pixels(), c.render(k, 5).pixels()), k + " ignores the seed");
            assertTrue(colourStd(x) > 8, k + " is nearly flat: std " + colourStd(x));
        }
    }

    @Test
    void shiftsAreExactTransformsOfAStreetScene() {
        RgbImage img = new RgbImage(2, 1, new byte[] {0, 10, (byte) 255, 1, 2, 3});
        assertArrayEquals(new byte[] {(byte) 255, (byte) 245, 0, (byte) 254, (byte) 253, (byte) 252},
                OutOfDomainScenes.invert(img).pixels());
        // a 3x2 image rotated clockwise becomes 2 wide, 3 high; resized back it keeps its corners' order
        RgbImage p = new RgbImage(3, 2, new byte[] {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6});
        RgbImage r = OutOfDomainScenes.rotate90(p, true);
        assertEquals(3, r.width());
        assertEquals(2, r.height());
        RgbImage red = new RgbImage(1, 1, new byte[] {(byte) 200, 0, 0});
        RgbImage shifted = OutOfDomainScenes.hueShift(red, 1);
        assertTrue((shifted.pixels()[0] & 0xFF) < 100, "red must leave the red hue");
    }

    @Test
    void writesAndRendersEveryKindAndRejectsBadSettings(@TempDir Path dir) throws Exception {
        OutOfDomainScenes gen = OutOfDomainScenes.builder().optSize(64, 32).build();
        assertEquals(2 * Kind.values().length, gen.writeTo(dir, 2));
        for (Kind k : Kind.values()) {
            Path f = dir.resolve(k.key()).resolve(OutOfDomainScenes.imageId(k, 1) + ".png");
            assertArrayEquals(gen.render(k, 1).pixels(), ImageFiles.readRgb(f).pixels());
        }
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().startsWith(".")).count(), "no temp files");
        }
        java.util.Map<String, java.util.List<RgbImage>> all = gen.renderAll(2);
        assertEquals(java.util.Arrays.stream(Kind.values()).map(Kind::key).toList(), java.util.List.copyOf(all.keySet()));
        for (Kind k : Kind.values()) {
            assertEquals(2, all.get(k.key()).size());
            assertArrayEquals(gen.render(k, 1).pixels(), all.get(k.key()).get(1).pixels());
        }
        assertThrows(IllegalArgumentException.class, () -> gen.renderAll(0));
        assertThrows(IllegalArgumentException.class, () -> gen.writeTo(dir, 0));
        assertThrows(IllegalArgumentException.class, () -> gen.render(Kind.NOISE, -1));
        assertThrows(IllegalStateException.class, () -> OutOfDomainScenes.builder().optSeed(1).optSeed(2));
        assertThrows(IllegalArgumentException.class, () -> OutOfDomainScenes.builder().optSize(10, 10));
    }

    /** Writes a contact sheet when -Dooddump=DIR is given (for looking at the scenes). */
    @Test
    void dumpWhenAsked() throws Exception {
        String out = System.getProperty("ooddump");
        if (out == null) {
            return;
        }
        OutOfDomainScenes.builder().optSeed(1).build().writeTo(Path.of(out), 4);
        SyntheticStreetScenes.builder().optSeed(1).optCities(java.util.List.of("aachen"), java.util.List.of())
                .optFramesPerCity(4, 0).build().writeTo(Path.of(out).resolve("streets"));
    }

    private static double colourStd(RgbImage img) {
        double s = 0;
        double s2 = 0;
        byte[] p = img.pixels();
        for (byte b : p) {
            int v = b & 0xFF;
            s += v;
            s2 += v * (double) v;
        }
        double m = s / p.length;
        return Math.sqrt(s2 / p.length - m * m);
    }
}
