package org.lifelongseg.core.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.data.PreparedSample;
import org.lifelongseg.core.image.Resampler;

class TransformPropertiesTest {

    static LabeledImage randomImage(Random r, int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        r.nextBytes(rgb);
        byte[] lab = new byte[w * h];
        r.nextBytes(lab);
        return new LabeledImage("img", w, h, rgb, lab);
    }

    /** A task table: a random subset of raw values maps to a random set of ids, the rest to 255. */
    static byte[] randomTable(Random r, Set<Integer> ids) {
        byte[] t = new byte[256];
        Arrays.fill(t, (byte) 255);
        for (int v = 0; v < 256; v++) {
            if (r.nextInt(4) == 0) {
                int id = 5 + r.nextInt(6);
                t[v] = (byte) id;
                ids.add(id);
            }
        }
        return t;
    }

    static TransformSettings settings(Random r, int w, int h) {
        int rh = h / 2 + r.nextInt(h);
        int rw = w / 2 + r.nextInt(w);
        double ds = 1.0 + r.nextDouble();
        int ch = 1 + r.nextInt((int) Math.floor(rh / ds));
        int cw = 1 + r.nextInt((int) Math.floor(rw / ds));
        return TransformSettings.builder().optResize(rw, rh).optCrop(cw, ch).optMaxDownscale(ds)
                .build();
    }

    @Property(tries = 80)
    void cropsHaveTheRequestedSizeAndLabelsStayInTheTask(
            @ForAll @IntRange(min = 8, max = 64) int w,
            @ForAll @IntRange(min = 8, max = 48) int h,
            @ForAll long seed) {
        Random r = new Random(seed);
        TransformSettings s = settings(r, w, h);
        Set<Integer> ids = new HashSet<>();
        byte[] table = randomTable(r, ids);
        ids.add(255);
        PreparedSample out = SegmentationTransform.training(s).apply(randomImage(r, w, h), table, r);
        assertEquals(s.cropHeight(), out.height());
        assertEquals(s.cropWidth(), out.width());
        assertEquals(s.cropHeight(), out.labelHeight());
        assertEquals(s.cropWidth(), out.labelWidth());
        for (byte b : out.labels()) {
            assertTrue(ids.contains(b & 0xFF), "label " + (b & 0xFF) + " not in " + ids);
        }
        PreparedSample ev = SegmentationTransform.evaluation(s).apply(randomImage(r, w, h), table, null);
        assertEquals(h, ev.labelHeight());
        assertEquals(w, ev.labelWidth());
        assertEquals(s.evalHeight(), ev.height());
        for (byte b : ev.labels()) {
            assertTrue(ids.contains(b & 0xFF));
        }
    }

    @Property(tries = 40)
    void flipTwiceIsIdentity(@ForAll @IntRange(min = 1, max = 40) int w,
            @ForAll @IntRange(min = 1, max = 20) int h, @ForAll @IntRange(min = 1, max = 4) int c,
            @ForAll long seed) {
        byte[] img = new byte[w * h * c];
        new Random(seed).nextBytes(img);
        byte[] once = Resampler.flipHorizontal(img, w, h, c);
        assertArrayEquals(img, Resampler.flipHorizontal(once, w, h, c));
    }

    /** The folded flip equals flipping the image and labels first. */
    @Property(tries = 40)
    void foldedFlipEqualsFlippingFirst(@ForAll @IntRange(min = 8, max = 64) int w,
            @ForAll @IntRange(min = 8, max = 48) int h, @ForAll long seed) {
        Random r = new Random(seed);
        TransformSettings s = settings(r, w, h);
        LabeledImage img = randomImage(r, w, h);
        byte[] table = new byte[256];
        for (int i = 0; i < 256; i++) {
            table[i] = (byte) i;
        }
        TrainingTransform t = new TrainingTransform(s);
        TrainingTransform.Draw d = t.draw(r);
        TrainingTransform.Draw flipped = new TrainingTransform.Draw(true, d.scale(), d.scaledWidth(),
                d.scaledHeight(), d.top(), d.left(), d.brightness(), d.contrast(), d.saturation(), d.hue());
        TrainingTransform.Draw plain = new TrainingTransform.Draw(false, d.scale(), d.scaledWidth(),
                d.scaledHeight(), d.top(), d.left(), d.brightness(), d.contrast(), d.saturation(), d.hue());
        LabeledImage pre = new LabeledImage("img", w, h, Resampler.flipHorizontal(img.rgb(), w, h, 3),
                Resampler.flipHorizontal(img.labels(), w, h, 1));
        PreparedSample a = t.apply(img, table, flipped);
        PreparedSample b = t.apply(pre, table, plain);
        assertArrayEquals(b.image(), a.image());
        assertArrayEquals(b.labels(), a.labels());
    }

    @Property(tries = 30)
    void sameSeedSameSample(@ForAll long seed, @ForAll long sampleSeed) {
        Random r = new Random(seed);
        LabeledImage img = randomImage(r, 50, 30);
        TransformSettings s = settings(r, 50, 30);
        byte[] table = randomTable(r, new HashSet<>());
        PreparedSample a = SegmentationTransform.training(s).apply(img, table, new Random(sampleSeed));
        PreparedSample b = SegmentationTransform.training(s).apply(img, table, new Random(sampleSeed));
        assertArrayEquals(a.image(), b.image());
        assertArrayEquals(a.labels(), b.labels());
    }
}
