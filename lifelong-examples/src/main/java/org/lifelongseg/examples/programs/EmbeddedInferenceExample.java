package org.lifelongseg.examples.programs;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.modality.cv.output.CategoryMask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.infer.ColorMap;
import org.lifelongseg.core.infer.Segmenter;
import org.lifelongseg.erfnet.load.ErfNetModels;

/**
 * A trained model embedded in an application: a checkpoint (a trainer's {@code weights_<epoch>}
 * folder, or the {@code model.safetensors} in it) loaded into a {@link Segmenter}, each image
 * segmented into a DJL {@link CategoryMask} at the image's own size and written as a class-index
 * PNG and a colour PNG.
 *
 * <pre>
 * EmbeddedInferenceExample WEIGHTS OUTPUT IMAGE...
 * </pre>
 *
 * <p>Nothing but the checkpoint is needed: its {@code input.json} says which class each channel
 * is, how images are normalized and at which size the network was trained, and the segmenter
 * takes those as its defaults.
 */
public final class EmbeddedInferenceExample {

    private EmbeddedInferenceExample() {}

    /**
     * Segments images.
     *
     * @param weights a checkpoint folder or its weights file
     * @param images the images (PNG or JPEG, any size)
     * @param output where {@code <name>_classes.png} and {@code <name>_color.png} go
     * @return one mask per image, class indices into the checkpoint's classes
     * @throws IOException if the weights cannot be loaded (naming the file)
     * @throws IllegalStateException if the checkpoint records no input spec
     */
    public static List<CategoryMask> run(Path weights, List<Path> images, Path output) throws IOException {
        List<CategoryMask> masks = new ArrayList<>();
        try (Model model = ErfNetModels.load(ErfNetModels.weightsFile(weights), 0, Device.cpu());
                Segmenter segmenter = Segmenter.builder().setModel(model).build()) {
            ColorMap colors = ColorMap.distinct(segmenter.classNames().size());
            for (Path image : images) {
                CategoryMask mask = segmenter.segment(image);
                int[][] rows = mask.getMask();
                int h = rows.length;
                int w = rows[0].length;
                int[] flat = Arrays.stream(rows).flatMapToInt(Arrays::stream).toArray();
                byte[] bytes = new byte[flat.length];
                for (int i = 0; i < flat.length; i++) {
                    bytes[i] = (byte) flat[i];
                }
                String name = image.getFileName().toString().replaceFirst("\\.[^.]*$", "");
                ImageFiles.writePng(ImageFiles.grayImage(bytes, w, h), output.resolve(name + "_classes.png"));
                ImageFiles.writePng(colors.colorize(flat, w, h), output.resolve(name + "_color.png"));
                masks.add(mask);
            }
        }
        return masks;
    }

    /**
     * Runs the example.
     *
     * @param args WEIGHTS OUTPUT IMAGE...
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: EmbeddedInferenceExample WEIGHTS OUTPUT IMAGE...");
            System.exit(2);
        }
        List<Path> images = Arrays.stream(args).skip(2).map(Path::of).toList();
        List<CategoryMask> masks = run(Path.of(args[0]), images, Path.of(args[1]));
        System.out.println(masks.size() + " image(s) segmented into " + args[1]);
    }
}
