package org.lifelongseg.core.recognize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.InvalidImageException;

class RecognitionPipelineTest {

    private static CalibratedRecognizer recognizer() {
        // threshold 0.5: brightness >= 0.5 is seen
        return CalibratedRecognizer.of(new BrightnessScorer("b"),
                Calibration.fromScores("b", "brightness", new double[] {0.5, 0.6, 0.7, 0.8}, 1.0));
    }

    private static void write(Path dir, String name, int gray) {
        ImageFiles.writePng(BrightnessScorer.gray(gray, 8, 4).toBufferedImage(), dir.resolve(name));
    }

    @Test
    void routesSeenToTheHandlerAndCollectsUnseenWithScores(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        write(in, "a.png", 200);
        write(in, "b.png", 20);
        write(in, "c.png", 128);
        write(in, "d.png", 60);
        write(in, "e.png", 255);
        Files.writeString(in.resolve("notes.txt"), "not an image");
        List<Path> handled = new ArrayList<>();
        Path out = tmp.resolve("out/round1");
        RecognitionRound round;
        try (CalibratedRecognizer r = recognizer()) {
            round = RecognitionPipeline.builder().setRecognizer(r).setOutputDirectory(out).optBatchSize(2)
                    .optSeenHandler((f, img) -> handled.add(f)).build().run(in);
        }
        assertEquals(List.of(in.resolve("a.png"), in.resolve("c.png"), in.resolve("e.png")), handled);
        assertEquals(handled, round.seenFiles());
        assertEquals(List.of(in.resolve("b.png"), in.resolve("d.png")), round.unseenFiles());
        assertEquals(5, round.inferredCount());
        assertEquals(0.3333, round.samplesTransferRatio(), 0); // round(2 / 6, 4)
        assertEquals(0.3333, round.metrics().get("samples_transfer_ratio"), 0);
        assertEquals(List.of(in.resolve("a.png").toString(), in.resolve("c.png").toString(), in.resolve("e.png").toString()),
                Files.readAllLines(out.resolve("seen.txt")));
        assertEquals(List.of(in.resolve("b.png").toString(), in.resolve("d.png").toString()),
                Files.readAllLines(out.resolve("unseen.txt")));
        for (Path copy : round.collectedFiles()) {
            assertTrue(Files.isRegularFile(copy), copy + " collected");
        }
        assertEquals(out.toAbsolutePath().resolve("unseen/b.png"), round.collectedFiles().get(0));
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("recognition.json"))).getAsJsonObject();
        assertEquals(0.5, json.get("threshold").getAsDouble(), 0);
        assertEquals(0.3333, json.get("samples_transfer_ratio").getAsDouble(), 0);
        assertEquals(2, json.get("unseen").getAsInt());
        assertEquals(5, json.getAsJsonArray("samples").size());
        JsonObject b = json.getAsJsonArray("samples").get(1).getAsJsonObject();
        assertTrue(b.get("file").getAsString().endsWith("b.png"));
        assertEquals(20 / 255.0, b.get("score").getAsDouble(), 1e-12);
        assertFalse(b.get("seen").getAsBoolean());
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertEquals(List.of(out), s.toList(), "no temporary folders left behind");
        }
    }

    @Test
    void badInputGivesClearErrorsAndNoOutput(@TempDir Path tmp) throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path out = tmp.resolve("out");
        try (CalibratedRecognizer r = recognizer()) {
            RecognitionPipeline p = RecognitionPipeline.builder().setRecognizer(r).setOutputDirectory(out).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.run(empty));
            assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains("no images"), e.getMessage());
            assertThrows(NoSuchFileException.class, () -> p.run(tmp.resolve("missing")));

            Path in = Files.createDirectories(tmp.resolve("in"));
            write(in, "a.png", 200);
            Files.write(in.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
            InvalidImageException bad = assertThrows(InvalidImageException.class, () -> p.run(in));
            assertEquals(in.resolve("broken.png"), bad.file());
            assertFalse(Files.exists(out), "a failed run leaves no output folder");

            RecognitionRound round = RecognitionPipeline.builder().setRecognizer(r).setOutputDirectory(out)
                    .optSkipUnreadable(true).build().run(in);
            assertEquals(List.of(in.resolve("broken.png")), round.unreadableFiles());
            assertEquals(1, round.inferredCount());
            assertEquals(List.of(in.resolve("broken.png").toString()), Files.readAllLines(out.resolve("unreadable.txt")));
            // an earlier output is replaced; a folder with anything else is refused and left as it was
            RecognitionPipeline.builder().setRecognizer(r).setOutputDirectory(out)
                    .optSkipUnreadable(true).build().run(in);
            Path precious = Files.createDirectories(tmp.resolve("precious"));
            Files.writeString(precious.resolve("thesis.txt"), "years of work");
            IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                    () -> RecognitionPipeline.builder().setRecognizer(r).setOutputDirectory(precious)
                            .optSkipUnreadable(true).build().run(in));
            assertTrue(foreign.getMessage().contains(precious.toString())
                    && foreign.getMessage().contains("refusing"), foreign.getMessage());
            assertEquals("years of work", Files.readString(precious.resolve("thesis.txt")));
        }
        assertThrows(IllegalStateException.class, () -> RecognitionPipeline.builder().build());
        assertThrows(IllegalStateException.class,
                () -> RecognitionPipeline.builder().optBatchSize(2).optBatchSize(3));
    }
}
