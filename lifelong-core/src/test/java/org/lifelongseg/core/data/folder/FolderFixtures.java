package org.lifelongseg.core.data.folder;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;
import org.lifelongseg.core.image.ImageFiles;

/**
 * Writes small folder datasets for tests (here and in other packages of core). The image encodes
 * the label: red = 20 x label value (250 for void), green = x, blue = y, so tests can check which
 * pixel went where and a small network can learn the labels.
 */
public final class FolderFixtures {

    private FolderFixtures() {}

    public static void classes(Path root, String... names) throws IOException {
        Files.createDirectories(root);
        Files.writeString(root.resolve(FolderLayout.CLASSES_FILE), String.join("\n", names) + "\n",
                StandardCharsets.UTF_8);
    }

    /** Writes image {@code id} of {@code split} and its label map ({@code labelAt(x, y)}). */
    public static void sample(Path root, String split, String id, int width, int height, IntBinaryOperator labelAt)
            throws IOException {
        sample(root, split, id, width, height, labelAt, "png");
    }

    /** As {@link #sample(Path, String, String, int, int, IntBinaryOperator)}, the image as png, jpg or jpeg. */
    public static void sample(Path root, String split, String id, int width, int height, IntBinaryOperator labelAt,
            String format) throws IOException {
        byte[] labels = new byte[width * height];
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = labelAt.applyAsInt(x, y);
                labels[y * width + x] = (byte) v;
                int red = v == 255 ? 250 : Math.min(250, 20 * v);
                rgb.setRGB(x, y, (red << 16) | ((x & 0xFF) << 8) | (y & 0xFF));
            }
        }
        Path image = root.resolve("images").resolve(split).resolve(id + "." + format);
        Files.createDirectories(image.getParent());
        if (format.equals("png")) {
            ImageFiles.writePng(rgb, image);
        } else {
            ImageIO.write(rgb, format, image.toFile());
        }
        ImageFiles.writePng(ImageFiles.grayImage(labels, width, height),
                root.resolve("labels").resolve(split).resolve(id + ".png"));
    }

    /** Stripes: column x shows value {@code values[x * values.length / width]}. */
    public static IntBinaryOperator stripes(int width, int... values) {
        return (x, y) -> values[x * values.length / width];
    }

    static List<String> list(String... s) {
        return List.of(s);
    }
}
