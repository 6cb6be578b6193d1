package org.lifelongseg.core.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.Normalization;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.recognize.CalibratedRecognizer;
import org.lifelongseg.core.recognize.Calibration;
import org.lifelongseg.core.recognize.RecognitionPipeline;
import org.lifelongseg.core.recognize.SegmentationConfidenceScorer;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.testing.TinyConvFactory;
import org.lifelongseg.core.train.Teacher;
import org.lifelongseg.core.train.Teachers;

/**
 * The ownership rule, consumer by consumer: whoever creates a model closes it; the segmenter,
 * the scorer, the recognizer, the recognition pipeline and a teacher made from a block borrow it.
 * After each consumer has run many times and been closed, the model still works and holds exactly
 * the arrays it held before (nothing leaked into it, nothing of it closed); closing the model then
 * frees everything.
 */
@Tag("memory-safety") // also run under glibc heap checks, see the root pom
class OwnershipTest {

    private static final List<String> CLASSES = List.of("a", "b", "c");
    private static final int CALLS = 50;

    @TempDir Path dir;

    private static Model tinyModel() {
        Model model = Model.newInstance("tiny");
        TinyConvFactory factory = new TinyConvFactory();
        model.setBlock(factory.newBlock(ClassSpace.of(CLASSES)));
        model.getBlock().initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32,
                factory.initializationShape());
        InputSpec.builder().setClassNames(CLASSES).setNormalization(Normalization.IMAGENET)
                .optInputSize(32, 32).build().attachTo(model);
        return model;
    }

    private static List<RgbImage> images() {
        List<RgbImage> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] px = new byte[40 * 24 * 3];
            for (int j = 0; j < px.length; j++) {
                px[j] = (byte) (j * 7 + i * 31);
            }
            out.add(new RgbImage(40, 24, px));
        }
        return out;
    }

    /** The model's live arrays, and a forward pass proving it still works. */
    private static int liveArraysOfAWorkingModel(Model model) {
        try (NDManager call = model.getNDManager().newSubManager()) {
            NDList out = model.getBlock().forward(new ParameterStore(call, false),
                    new NDList(call.zeros(new Shape(1, 3, 32, 32))), false);
            assertEquals(new Shape(1, 3, 32, 32), out.head().getShape());
        }
        return model.getNDManager().getManagedArrays().size();
    }

    @Test
    void theSegmenterBorrowsItsModel() throws Exception {
        Model model = tinyModel();
        int before = liveArraysOfAWorkingModel(model);
        Path image = dir.resolve("x.png");
        ImageFiles.writePng(images().get(0).toBufferedImage(), image);
        try (Segmenter s = Segmenter.builder().setModel(model).build()) {
            for (int i = 0; i < CALLS; i++) {
                s.segment(image);
            }
        }
        assertEquals(before, liveArraysOfAWorkingModel(model), "arrays of the model after the segmenter");
        model.close();
        assertFalse(model.getNDManager().isOpen(), "its creator closes it");
    }

    @Test
    void theScorerTheRecognizerAndThePipelineBorrowWhatTheyAreGiven() throws Exception {
        Model model = tinyModel();
        int before = liveArraysOfAWorkingModel(model);
        List<RgbImage> images = images();
        Path incoming = Files.createDirectories(dir.resolve("in"));
        for (int i = 0; i < images.size(); i++) {
            ImageFiles.writePng(images.get(i).toBufferedImage(), incoming.resolve("i" + i + ".png"));
        }
        SegmentationConfidenceScorer scorer = SegmentationConfidenceScorer.builder().setModel(model).build();
        Calibration cal = Calibration.fit(scorer, images, 0.5);
        for (int round = 0; round < 3; round++) {
            try (CalibratedRecognizer r = CalibratedRecognizer.of(scorer, cal)) {
                for (int i = 0; i < CALLS / 5; i++) {
                    r.recognize(images.stream().map(im -> new org.lifelongseg.core.recognize.ImageSample("x", im))
                            .toList());
                }
                RecognitionPipeline.builder().setRecognizer(r)
                        .setOutputDirectory(dir.resolve("out" + round)).build().run(incoming);
            }
            assertEquals(images.size(), scorer.score(images).length, "the scorer outlives the recognizer");
        }
        scorer.close();
        assertEquals(before, liveArraysOfAWorkingModel(model), "arrays of the model after the scorer");
        model.close();
    }

    @Test
    void aTeacherMadeFromABlockBorrowsIt() {
        try (Model model = tinyModel()) {
            int before = liveArraysOfAWorkingModel(model);
            try (Teacher t = Teachers.of(model.getBlock(), ClassSpace.of(CLASSES))) {
                for (int i = 0; i < CALLS; i++) {
                    try (NDManager batch = model.getNDManager().newSubManager()) {
                        assertEquals(3, t.logits(batch.ones(new Shape(2, 3, 16, 16))).getShape().get(1));
                    }
                }
            }
            assertEquals(before, liveArraysOfAWorkingModel(model), "arrays of the model after the teacher");
            assertTrue(model.getNDManager().isOpen());
        }
    }
}
