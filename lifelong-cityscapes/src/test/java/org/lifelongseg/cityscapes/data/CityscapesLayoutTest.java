package org.lifelongseg.cityscapes.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.data.BadSampleException;
import org.lifelongseg.core.data.LabelEncoding;
import org.lifelongseg.core.data.SampleReader;
import org.lifelongseg.core.data.SplitScan;
import org.lifelongseg.core.image.PngDecoder;
import org.lifelongseg.core.testing.SharedTestData;

class CityscapesLayoutTest {

    @Test
    void findsTheMiniSetsPairs() {
        Path root = SharedTestData.require("data/cityscapes-mini");
        CityscapesLayout layout = CityscapesLayout.at(root);
        List<CityscapesPair> train = layout.pairs("train");
        List<CityscapesPair> val = layout.pairs("val");
        assertEquals(8, train.size());
        assertEquals(2, val.size());
        assertEquals("aachen_000000_000019", train.get(0).id());
        assertEquals("aachen", train.get(0).city());
        assertEquals(LabelFormat.LABEL_IDS, train.get(0).format());
        assertEquals(List.of("frankfurt", "lindau"), val.stream().map(CityscapesPair::city).toList());
        for (CityscapesPair p : train) {
            assertTrue(p.label().getFileName().toString().endsWith("_gtFine_labelIds.png"));
            assertTrue(Files.isRegularFile(p.image()));
        }
    }

    static Path copyMini(Path dir) throws Exception {
        Path root = SharedTestData.require("data/cityscapes-mini");
        for (String rel : List.of(
                "leftImg8bit/val/lindau/lindau_000000_000019_leftImg8bit.png",
                "gtFine/val/lindau/lindau_000000_000019_gtFine_labelIds.png",
                "gtFine/val/lindau/lindau_000000_000019_gtFine_labelTrainIds.png",
                "leftImg8bit/val/frankfurt/frankfurt_000000_000294_leftImg8bit.png",
                "gtFine/val/frankfurt/frankfurt_000000_000294_gtFine_labelTrainIds.png")) {
            Path to = dir.resolve(rel);
            Files.createDirectories(to.getParent());
            Files.copy(root.resolve(rel), to);
        }
        return dir;
    }

    @Test
    void fallsBackToTrainIdsAndReportsUnpairedFiles(@TempDir Path dir) throws Exception {
        copyMini(dir);
        CityscapesLayout layout = CityscapesLayout.at(dir);
        List<CityscapesPair> val = layout.pairs("val");
        assertEquals(LabelFormat.TRAIN_IDS, val.get(0).format()); // frankfurt: only trainIds
        assertEquals(LabelFormat.LABEL_IDS, val.get(1).format());
        // image without ground truth
        Path img = dir.resolve("leftImg8bit/val/lindau/lindau_000000_000077_leftImg8bit.png");
        Files.copy(dir.resolve("leftImg8bit/val/lindau/lindau_000000_000019_leftImg8bit.png"), img);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layout.pairs("val"));
        assertTrue(e.getMessage().contains("image without ground truth")
                && e.getMessage().contains("lindau_000000_000077_leftImg8bit.png"), e.getMessage());
        Files.delete(img);
        // ground truth without image
        Path gt = dir.resolve("gtFine/val/lindau/lindau_000000_000099_gtFine_labelIds.png");
        Files.copy(dir.resolve("gtFine/val/lindau/lindau_000000_000019_gtFine_labelIds.png"), gt);
        e = assertThrows(IllegalArgumentException.class, () -> layout.pairs("val"));
        assertTrue(e.getMessage().contains("ground truth without image")
                && e.getMessage().contains("lindau_000000_000099"), e.getMessage());
        SplitScan<CityscapesPair> scan = layout.scan("val");
        assertEquals(2, scan.samples().size());
        assertEquals(1, scan.problems().size());
    }

    @Test
    void emptyOrMissingSplitsAndRootsAreClearErrors(@TempDir Path dir) throws Exception {
        assertThrows(IllegalArgumentException.class, () -> CityscapesLayout.at(dir));
        Files.createDirectories(dir.resolve("leftImg8bit/train/aachen"));
        CityscapesLayout layout = CityscapesLayout.at(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layout.pairs("train"));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> layout.pairs("val"));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void badFilesAreNamed(@TempDir Path dir) throws Exception {
        copyMini(dir);
        CityscapesLayout layout = CityscapesLayout.at(dir);
        SampleReader reader = new SampleReader(PngDecoder.fastest());
        LabelEncoding labelIds = LabelFormat.LABEL_IDS.encoding();
        CityscapesPair lindau = layout.pairs("val").get(1);
        reader.read(lindau, labelIds); // fine
        // truncated image
        byte[] bytes = Files.readAllBytes(lindau.image());
        Files.write(lindau.image(), java.util.Arrays.copyOf(bytes, bytes.length / 3));
        BadSampleException e = assertThrows(BadSampleException.class, () -> reader.read(lindau, labelIds));
        assertTrue(e.getMessage().contains(lindau.image().toString()), e.getMessage());
        // not an image at all
        Files.writeString(lindau.image(), "hello");
        e = assertThrows(BadSampleException.class, () -> reader.read(lindau, labelIds));
        assertTrue(e.getMessage().contains(lindau.image().toString()), e.getMessage());
        // size mismatch: a labelIds file of another size
        Files.copy(SharedTestData.require(
                "reference/metrics/inputs-1024x512/lindau_000000_000019_1024x512.png"),
                lindau.image(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        e = assertThrows(BadSampleException.class, () -> reader.read(lindau, labelIds));
        assertTrue(e.getMessage().contains("1024x512") && e.getMessage().contains("2048x1024"),
                e.getMessage());
        // label values outside the table: use a trainIds file (values up to 255) as labelIds
        Files.copy(lindau.label().resolveSibling("lindau_000000_000019_gtFine_labelTrainIds.png"),
                lindau.label(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        e = assertThrows(BadSampleException.class, () -> reader.readLabels(lindau, labelIds));
        assertTrue(e.getMessage().contains("label value 255")
                && e.getMessage().contains(lindau.label().toString()), e.getMessage());
    }
}
