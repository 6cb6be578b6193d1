package org.lifelongseg.cityscapes.synthetic;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.data.Seeds;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.RgbImage;

/**
 * Procedural images of scenes that are NOT street scenes of the known tasks, the "unknown tasks" an
 * unknown-task recognizer must reject: rooms, landscapes, noise, and street scenes under heavy
 * colour or geometry shifts. Deterministic by seed: image (kind, index) depends only on the seed
 * and those coordinates.
 *
 * <pre>{@code
 * OutOfDomainScenes gen = OutOfDomainScenes.builder().optSeed(7).optSize(256, 128).build();
 * RgbImage room = gen.render(OutOfDomainScenes.Kind.INDOOR, 0);
 * Map<String, List<RgbImage>> unknown = gen.renderAll(5);   // 5 of every kind, by kind key
 * gen.writeTo(dir, 20);    // dir/<kind>/<kind>_000000.png ... 20 per kind, atomic per file
 * }</pre>
 */
public final class OutOfDomainScenes {

    /** The kinds of unknown scenes. */
    public enum Kind {
        /** A room: walls, floor, ceiling, windows, furniture boxes, a lamp. */
        INDOOR,
        /** A landscape: mountains, meadow or lake, forest; no road or buildings. */
        NATURE,
        /** Coloured value noise with per-pixel grain at a random scale. */
        NOISE,
        /** A synthetic street scene with inverted colours (255 - v). */
        INVERTED_STREET,
        /** A synthetic street scene rotated by 90 degrees (and resized back to the frame size). */
        ROTATED_STREET,
        /** A synthetic street scene with its hue rotated by 120-240 degrees and saturation boosted. */
        HUE_SHIFTED_STREET;

        /** The lower-case name used in folder and file names. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether this kind is a transformed street scene (a covariate shift of known content). */
        public boolean isShiftedStreet() {
            return this == INVERTED_STREET || this == ROTATED_STREET || this == HUE_SHIFTED_STREET;
        }
    }

    private final long seed;
    private final int width;
    private final int height;
    private final SyntheticStreetScenes streets;

    private OutOfDomainScenes(Builder b) {
        this.seed = b.seed;
        this.width = b.width;
        this.height = b.height;
        this.streets = SyntheticStreetScenes.builder().optSeed(Seeds.mix(b.seed ^ 0x0DD5CE11L))
                .optSize(b.width, b.height).build();
    }

    /** A builder with the defaults: seed 0, 256x128. */
    public static Builder builder() {
        return new Builder();
    }

    /** The image size {width, height}. */
    public int[] size() {
        return new int[] {width, height};
    }

    /** The id of image {@code index} of a kind: {@code <kind>_<index, 6 digits>}. */
    public static String imageId(Kind kind, int index) {
        return String.format(Locale.ROOT, "%s_%06d", kind.key(), index);
    }

    /** Renders image {@code index} (>= 0) of a kind. */
    public RgbImage render(Kind kind, int index) {
        Objects.requireNonNull(kind, "kind");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        long s = Seeds.forSample(seed, kind.ordinal() + 1000L, index);
        return switch (kind) {
            case INDOOR -> new NonStreetSceneRenderer(width, height, s).indoor();
            case NATURE -> new NonStreetSceneRenderer(width, height, s).nature();
            case NOISE -> new NonStreetSceneRenderer(width, height, s).noise();
            case INVERTED_STREET -> invert(street(index, kind));
            case ROTATED_STREET -> rotate90(street(index, kind), (s & 1) == 0);
            case HUE_SHIFTED_STREET -> hueShift(street(index, kind), s);
        };
    }

    private RgbImage street(int index, Kind kind) {
        List<String> cities = streets.trainCities();
        String city = cities.get(Math.floorMod(index * 7 + kind.ordinal(), cities.size()));
        LabeledImage f = streets.render("shifted", city, index);
        return new RgbImage(f.width(), f.height(), f.rgb());
    }

    /** {@code 255 - v} per channel. */
    static RgbImage invert(RgbImage img) {
        byte[] out = new byte[img.pixels().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (255 - (img.pixels()[i] & 0xFF));
        }
        return new RgbImage(img.width(), img.height(), out);
    }

    /** Rotated by 90 degrees (clockwise or not), then resized back to the original size. */
    static RgbImage rotate90(RgbImage img, boolean clockwise) {
        int w = img.width();
        int h = img.height();
        byte[] src = img.pixels();
        byte[] out = new byte[src.length];
        // rotated image is h wide and w high
        for (int y = 0; y < w; y++) {
            for (int x = 0; x < h; x++) {
                int sx = clockwise ? y : w - 1 - y;
                int sy = clockwise ? h - 1 - x : x;
                System.arraycopy(src, (sy * w + sx) * 3, out, (y * h + x) * 3, 3);
            }
        }
        return new RgbImage(h, w, out).resizeBilinear(w, h);
    }

    /** Hue rotated by 120-240 degrees (drawn from the seed), saturation raised to at least 0.6. */
    static RgbImage hueShift(RgbImage img, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        float shift = (float) (1.0 / 3 + rnd.nextDouble() / 3);
        byte[] src = img.pixels();
        byte[] out = new byte[src.length];
        float[] hsb = new float[3];
        for (int i = 0; i < src.length; i += 3) {
            Color.RGBtoHSB(src[i] & 0xFF, src[i + 1] & 0xFF, src[i + 2] & 0xFF, hsb);
            int rgb = Color.HSBtoRGB((hsb[0] + shift) % 1f, Math.max(0.6f, hsb[1]), hsb[2]);
            out[i] = (byte) (rgb >>> 16);
            out[i + 1] = (byte) (rgb >>> 8);
            out[i + 2] = (byte) rgb;
        }
        return new RgbImage(img.width(), img.height(), out);
    }

    /**
     * {@code perKind} images of every kind (indices 0..perKind-1), by {@link Kind#key()}, in the
     * kinds' order: e.g. the unknown images of an unknown-task recognition.
     */
    public Map<String, List<RgbImage>> renderAll(int perKind) {
        if (perKind <= 0) {
            throw new IllegalArgumentException("images per kind must be > 0, got " + perKind);
        }
        Map<String, List<RgbImage>> out = new LinkedHashMap<>();
        for (Kind k : Kind.values()) {
            List<RgbImage> images = new ArrayList<>();
            for (int i = 0; i < perKind; i++) {
                images.add(render(k, i));
            }
            out.put(k.key(), List.copyOf(images));
        }
        return out;
    }

    /**
     * Writes {@code perKind} images of every kind as {@code root/<kind>/<id>.png} (atomic per file).
     *
     * @return the number of images written
     */
    public int writeTo(Path root, int perKind) throws IOException {
        if (perKind <= 0) {
            throw new IllegalArgumentException("images per kind must be > 0, got " + perKind);
        }
        int n = 0;
        for (Kind k : Kind.values()) {
            for (int i = 0; i < perKind; i++) {
                RgbImage img = render(k, i);
                ImageFiles.writePng(img.toBufferedImage(), root.resolve(k.key()).resolve(imageId(k, i) + ".png"));
                n++;
            }
        }
        return n;
    }

    /** Builds {@link OutOfDomainScenes}; a setting given twice is an error. */
    public static final class Builder {
        private long seed;
        private boolean seedSet;
        private int width = 256;
        private int height = 128;
        private boolean sizeSet;

        private Builder() {}

        /** The seed (default 0). */
        public Builder optSeed(long seed) {
            if (seedSet) {
                throw new IllegalStateException("seed already set");
            }
            seedSet = true;
            this.seed = seed;
            return this;
        }

        /** The image size (default 256x128; at least 64x32). */
        public Builder optSize(int width, int height) {
            if (sizeSet) {
                throw new IllegalStateException("size already set");
            }
            if (width < 64 || height < 32) {
                throw new IllegalArgumentException("image size must be at least 64x32, got " + width + "x" + height);
            }
            sizeSet = true;
            this.width = width;
            this.height = height;
            return this;
        }

        /** Builds the generator. */
        public OutOfDomainScenes build() {
            return new OutOfDomainScenes(this);
        }
    }
}
