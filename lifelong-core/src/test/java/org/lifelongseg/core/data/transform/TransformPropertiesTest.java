package org.lifelongseg.core.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.data.PreparedSample;
import org.lifelongseg.core.image.Normalization;
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
        TrainingTransform.Draw d = t.draw(r, w, h);
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

    /** Identity settings give the normalized image and the mapped labels, in training and evaluation. */
    @Property(tries = 40)
    void identitySettingsOnlyNormalizeAndMap(@ForAll @IntRange(min = 1, max = 40) int w,
            @ForAll @IntRange(min = 1, max = 30) int h, @ForAll long seed) {
        Random r = new Random(seed);
        LabeledImage img = randomImage(r, w, h);
        byte[] table = randomTable(r, new HashSet<>());
        TransformSettings id = TransformSettings.identity();
        float[] normalized = id.normalization().toChw(img.rgb(), w, h);
        byte[] mapped = SegmentationTransform.mapLabels(img.labels(), table);
        for (SegmentationTransform t : List.of(SegmentationTransform.training(id),
                SegmentationTransform.evaluation(id))) {
            PreparedSample s = t.apply(img, table, r);
            assertEquals(w, s.width());
            assertEquals(h, s.labelHeight());
            assertArrayEquals(normalized, s.image(), t.toString());
            assertArrayEquals(mapped, s.labels(), t.toString());
        }
    }

    /**
     * Without random parts, training resizes as evaluation with resized labels does: the image
     * bilinear (as Pillow), the labels nearest.
     */
    @Property(tries = 40)
    void aResizeWithoutRandomPartsIsBilinearForImagesAndNearestForLabels(
            @ForAll @IntRange(min = 1, max = 40) int w, @ForAll @IntRange(min = 1, max = 30) int h,
            @ForAll @IntRange(min = 1, max = 40) int rw, @ForAll @IntRange(min = 1, max = 30) int rh,
            @ForAll long seed) {
        Random r = new Random(seed);
        LabeledImage img = randomImage(r, w, h);
        byte[] table = randomTable(r, new HashSet<>());
        TransformSettings s = TransformSettings.builder().optResize(rw, rh).optNoCrop()
                .optMaxDownscale(1).optFlipProbability(0).optColorJitter(0, 0, 0, 0)
                .optNormalization(Normalization.NONE).optEvalResizeLabels(true).build();
        byte[] rgb = Resampler.bilinear(img.rgb(), w, h, 3, rw, rh);
        byte[] labels = SegmentationTransform.mapLabels(Resampler.nearest(img.labels(), w, h, rw, rh), table);
        for (SegmentationTransform t : List.of(SegmentationTransform.training(s),
                SegmentationTransform.evaluation(s))) {
            PreparedSample out = t.apply(img, table, r);
            assertArrayEquals(Normalization.NONE.toChw(rgb, rw, rh), out.image(), t.toString());
            assertArrayEquals(labels, out.labels(), t.toString());
        }
    }

    /**
     * Keeping the size, a flipped and cropped sample is a window of the source, mirrored or not,
     * with image and labels moved together: every output pixel's image encodes the source
     * coordinates of its label.
     */
    @Property(tries = 200)
    void flipAndCropOfKeptSizeMoveImageAndLabelsTogether(
            @ForAll @IntRange(min = 1, max = 20) int width,
            @ForAll @IntRange(min = 1, max = 20) int height,
            @ForAll @IntRange(min = 1, max = 20) int cropWidth,
            @ForAll @IntRange(min = 1, max = 20) int cropHeight,
            @ForAll boolean flip,
            @ForAll long seed) {
        int cw = Math.min(cropWidth, width);
        int ch = Math.min(cropHeight, height);
        Random data = new Random(seed);
        byte[] rgb = new byte[width * height * 3];
        byte[] labels = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                rgb[i * 3] = (byte) x;
                rgb[i * 3 + 1] = (byte) y;
                labels[i] = (byte) data.nextInt(256);
            }
        }
        byte[] table = new byte[256];
        for (int v = 0; v < 256; v++) {
            table[v] = (byte) (255 - v);
        }
        TransformSettings settings = TransformSettings.builder().optKeepSize().optCrop(cw, ch)
                .optMaxDownscale(1).optFlipProbability(flip ? 0.5 : 0).optColorJitter(0, 0, 0, 0)
                .optNormalization(Normalization.NONE).build();
        PreparedSample s = SegmentationTransform.training(settings).apply(
                new LabeledImage("p", width, height, rgb, labels), table, new Random(seed));
        assertEquals(cw, s.width());
        assertEquals(ch, s.height());
        int x0 = Math.round(s.image()[0] * 255);
        int y0 = Math.round(s.image()[cw * ch] * 255);
        int step = cw > 1 ? Math.round(s.image()[1] * 255) - x0 : 1;
        assertTrue(step == 1 || (flip && step == -1), "step " + step);
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int sx = Math.round(s.image()[y * cw + x] * 255);
                int sy = Math.round(s.image()[cw * ch + y * cw + x] * 255);
                assertEquals(x0 + step * x, sx);
                assertEquals(y0 + y, sy);
                assertEquals(table[labels[sy * width + sx] & 0xFF], s.labels()[y * cw + x]);
            }
        }
    }

    /** Keeping the size, an image smaller than the crop is refused by size, before any draw. */
    @Property(tries = 30)
    void aCropLargerThanAKeptImageIsRefused(@ForAll @IntRange(min = 1, max = 20) int w,
            @ForAll @IntRange(min = 1, max = 20) int h, @ForAll long seed) {
        TransformSettings s = TransformSettings.builder().optKeepSize().optCrop(w + 1, h)
                .optMaxDownscale(1).build();
        Random r = new Random(seed);
        LabeledImage img = randomImage(r, w, h);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SegmentationTransform.training(s).apply(img, new byte[256], r));
        assertTrue(e.getMessage().contains("image is " + w + "x" + h)
                && e.getMessage().contains("crop " + (w + 1) + "x" + h), e.getMessage());
    }
}
