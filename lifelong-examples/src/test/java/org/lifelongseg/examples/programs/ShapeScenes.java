package org.lifelongseg.examples.programs;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.lifelongseg.core.image.ImageFiles;

/**
 * A tiny folder dataset that is not Cityscapes, for the example programs' tests: scenes of simple
 * shapes (a stripe, a square, a disc, a triangle) on a noisy background, each class with its own
 * colour; the outermost pixel frame is void (255).
 */
final class ShapeScenes {

    static final List<String> CLASSES = List.of("background", "disc", "square", "stripe", "triangle");
    private static final int[] COLORS = {0x3C6E3C, 0xE6C828, 0xC83232, 0x3250C8, 0xC83CC8};

    private ShapeScenes() {}

    /** Writes {@code train} and {@code val} images of {@code width x height} under {@code root}. */
    static Path write(Path root, int train, int val, int width, int height) throws IOException {
        Files.createDirectories(root);
        Files.writeString(root.resolve("classes.txt"), String.join("\n", CLASSES) + "\n", StandardCharsets.UTF_8);
        for (int i = 0; i < train; i++) {
            scene(root, "train", String.format("scene_%03d", i), width, height, 1000 + i);
        }
        for (int i = 0; i < val; i++) {
            scene(root, "val", String.format("scene_%03d", 500 + i), width, height, 5000 + i);
        }
        return root;
    }

    /** Writes one scene to {@code <root>/images/<split>/<id>.png} and its labels. */
    static void scene(Path root, String split, String id, int width, int height, long seed) throws IOException {
        Random rng = new Random(seed);
        byte[] labels = new byte[width * height];
        int stripeY = rng.nextInt(height - height / 6);
        int stripeH = Math.max(2, height / 8);
        int sq = Math.max(4, width / 4);
        int sqX = rng.nextInt(width - sq);
        int sqY = rng.nextInt(height - sq);
        int r = Math.max(3, width / 8);
        int cx = r + rng.nextInt(width - 2 * r);
        int cy = r + rng.nextInt(height - 2 * r);
        int tri = Math.max(6, width / 4);
        int tx = rng.nextInt(width - tri);
        int ty = rng.nextInt(height - tri);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int c = 0;
                if (y >= stripeY && y < stripeY + stripeH) {
                    c = 3;
                }
                if (x >= sqX && x < sqX + sq && y >= sqY && y < sqY + sq) {
                    c = 2;
                }
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
                    c = 1;
                }
                if (y >= ty && y < ty + tri && Math.abs(x - tx - tri / 2) * 2 <= (y - ty)) {
                    c = 4;
                }
                int rgb = COLORS[c];
                int noisy = 0;
                for (int shift = 0; shift <= 16; shift += 8) {
                    int v = ((rgb >> shift) & 0xFF) + rng.nextInt(41) - 20;
                    noisy |= Math.max(0, Math.min(255, v)) << shift;
                }
                img.setRGB(x, y, noisy);
                boolean frame = x == 0 || y == 0 || x == width - 1 || y == height - 1;
                labels[y * width + x] = (byte) (frame ? 255 : c);
            }
        }
        ImageFiles.writePng(img, root.resolve("images").resolve(split).resolve(id + ".png"));
        ImageFiles.writePng(ImageFiles.grayImage(labels, width, height),
                root.resolve("labels").resolve(split).resolve(id + ".png"));
    }
}
