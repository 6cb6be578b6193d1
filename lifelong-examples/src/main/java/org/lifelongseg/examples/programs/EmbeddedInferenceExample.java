package org.lifelongseg.examples.programs;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.modality.cv.output.CategoryMask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lifelongseg.core.checkpoint.CheckpointLayout;
import org.lifelongseg.core.data.folder.FolderLayout;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.infer.ColorMap;
import org.lifelongseg.core.infer.SegmentationTranslator;
import org.lifelongseg.core.infer.Segmenter;
import org.lifelongseg.erfnet.load.ErfNetModels;

/**
 * A trained model embedded in an application: a checkpoint (a trainer's {@code weights_<epoch>}
 * folder, or a {@code .safetensors}/{@code .pth}/{@code .npz} file) loaded into a {@link
 * Segmenter}, each image segmented into a DJL {@link CategoryMask} at the image's own size and
 * written as a class-index PNG and a colour PNG.
 *
 * <pre>
 * EmbeddedInferenceExample [--classes classes.txt] WEIGHTS OUTPUT IMAGE... (input 512x256)
 * </pre>
 *
 * <p>The class names come from the checkpoint's marker (the trainer records them) or, for a bare
 * weights file, from a class list ({@code --classes}, one name per line).
 */
public final class EmbeddedInferenceExample {

    private EmbeddedInferenceExample() {}

    /**
     * The class names a trainer checkpoint folder records (channel order).
     *
     * @throws IOException naming the folder if it is no checkpoint or records no classes
     */
    public static List<String> classNames(Path checkpointFolder) throws IOException {
        String classes = CheckpointLayout.open(checkpointFolder).provenance().getConfiguration().get("classes");
        if (classes == null) {
            throw new IOException(checkpointFolder + ": the checkpoint records no classes; give them"
                    + " with --classes");
        }
        return List.of(classes.split(","));
    }

    /**
     * Segments images.
     *
     * @param weights a checkpoint folder or weights file
     * @param classNames the network's classes in channel order
     * @param images the images (PNG or JPEG, any size)
     * @param output where {@code <name>_classes.png} and {@code <name>_color.png} go
     * @param width network input width (as trained)
     * @param height network input height (as trained)
     * @return one mask per image, class indices into {@code classNames}
     * @throws IOException if the weights cannot be loaded (naming the file)
     */
    public static List<CategoryMask> run(Path weights, List<String> classNames, List<Path> images,
            Path output, int width, int height) throws IOException {
        ColorMap colors = ColorMap.distinct(classNames.size());
        List<CategoryMask> masks = new ArrayList<>();
        try (Model model = ErfNetModels.load(ErfNetModels.weightsFile(weights), classNames.size(), Device.cpu());
                Segmenter segmenter = Segmenter.builder()
                        .setModel(model)
                        .optOwnsModel(false)
                        .optTranslator(SegmentationTranslator.builder()
                                .optClassNames(classNames)
                                .optNormalization(Normalization.IMAGENET)   // as FolderTaskData trained
                                .optInputSize(width, height)
                                .build())
                        .build()) {
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
     * @param args [--classes FILE] WEIGHTS OUTPUT IMAGE...
     */
    public static void main(String[] args) throws IOException {
        List<String> a = new ArrayList<>(List.of(args));
        Path classesFile = null;
        if (a.size() >= 2 && a.get(0).equals("--classes")) {
            classesFile = Path.of(a.get(1));
            a = a.subList(2, a.size());
        }
        if (a.size() < 3) {
            System.err.println("usage: EmbeddedInferenceExample [--classes classes.txt] WEIGHTS OUTPUT IMAGE...");
            System.exit(2);
        }
        Path weights = Path.of(a.get(0));
        List<String> classes = classesFile != null
                ? FolderLayout.readClasses(classesFile).names()
                : Files.isDirectory(weights) ? classNames(weights) : null;
        if (classes == null) {
            System.err.println(weights + " is a weights file: give its classes with --classes FILE");
            System.exit(2);
        }
        List<Path> images = a.subList(2, a.size()).stream().map(Path::of).toList();
        List<CategoryMask> masks = run(weights, classes, images, Path.of(a.get(1)), 512, 256);
        System.out.println(masks.size() + " image(s) segmented into " + a.get(1));
    }
}
