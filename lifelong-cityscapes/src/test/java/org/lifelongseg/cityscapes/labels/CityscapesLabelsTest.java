package org.lifelongseg.cityscapes.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.lifelongseg.cityscapes.data.CityscapesLayout;
import org.lifelongseg.cityscapes.data.CityscapesPair;
import org.lifelongseg.core.image.PngDecoder;
import org.lifelongseg.core.task.ClassSpace;
import org.lifelongseg.core.testing.SharedTestData;

class CityscapesLabelsTest {

    @Test
    void tableEqualsTheOfficialCsv() throws Exception {
        Path csv = SharedTestData.require("reference/labels/cityscapes-labels.csv");
        List<String> lines = Files.readAllLines(csv);
        assertEquals("name,id,trainId,category,catId,hasInstances,ignoreInEval,r,g,b", lines.get(0));
        List<CityscapesLabel> all = CityscapesLabels.all();
        assertEquals(lines.size() - 1, all.size());
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            CityscapesLabel l = all.get(i - 1);
            assertEquals(f[0], l.name());
            assertEquals(Integer.parseInt(f[1]), l.id(), f[0]);
            assertEquals(Integer.parseInt(f[2]), l.trainId(), f[0]);
            assertEquals(f[3], l.category(), f[0]);
            assertEquals(Integer.parseInt(f[4]), l.categoryId(), f[0]);
            assertEquals(f[5].equals("1"), l.hasInstances(), f[0]);
            assertEquals(f[6].equals("1"), l.ignoreInEval(), f[0]);
            assertEquals(Integer.parseInt(f[7]), l.red(), f[0]);
            assertEquals(Integer.parseInt(f[8]), l.green(), f[0]);
            assertEquals(Integer.parseInt(f[9]), l.blue(), f[0]);
        }
    }

    @Test
    void incrementalOrderEqualsTheProtocolCsv() throws Exception {
        Path csv = SharedTestData.require("reference/labels/incremental-task-order.csv");
        List<String> lines = Files.readAllLines(csv);
        assertEquals(20, lines.size());
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            int inc = Integer.parseInt(f[0]);
            assertEquals(f[1], CityscapesLabels.incrementalOrder().get(inc));
            assertEquals(Integer.parseInt(f[2]), CityscapesLabels.byName(f[1]).id());
            assertEquals(Integer.parseInt(f[3]), CityscapesLabels.byName(f[1]).trainId());
            // the per-stage table: labelId -> incremental id for the task's classes only
            int task = Integer.parseInt(f[4]);
            ClassSpace space = ClassSpace.of(CityscapesLabels.incrementalOrder());
            List<String> taskClasses = CityscapesLabels.incrementalOrder()
                    .subList(task == 1 ? 0 : task == 2 ? 5 : 11, task == 1 ? 5 : task == 2 ? 11 : 19);
            byte[] lut = CityscapesLabels.labelIdToClassTable(space, taskClasses);
            assertEquals(inc, lut[Integer.parseInt(f[2])] & 0xFF);
            int other = task == 1 ? 26 : 7; // car resp. road: another task's class
            assertEquals(255, lut[other] & 0xFF);
            assertEquals(255, lut[0] & 0xFF);
            assertEquals(255, lut[200] & 0xFF);
        }
    }

    @Test
    void unknownOrVoidClassesAreRejected() {
        ClassSpace s = ClassSpace.of("road", "parking");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CityscapesLabels.labelIdToClassTable(s, List.of("parking")));
        assertTrue(e.getMessage().contains("parking"));
        assertThrows(IllegalArgumentException.class,
                () -> CityscapesLabels.labelIdToClassTable(ClassSpace.of("rood"), List.of("rood")));
    }

    /** labelIds -> trainIds through our table agrees with the frames' own labelTrainIds files. */
    @Test
    void labelIdsMapToTheFramesTrainIds() throws Exception {
        Path root = SharedTestData.require("data/cityscapes-mini");
        byte[] lut = CityscapesLabels.labelIdToTrainIdTable();
        CityscapesLayout layout = CityscapesLayout.at(root);
        int frames = 0;
        for (String split : List.of("train", "val")) {
            for (CityscapesPair p : layout.pairs(split)) {
                byte[] ids = PngDecoder.imageIo().decodeGray(p.label()).pixels();
                Path trainIdsFile = p.label().resolveSibling(p.id() + "_gtFine_labelTrainIds.png");
                BufferedImage t = ImageIO.read(trainIdsFile.toFile());
                int[] want = t.getRaster().getSamples(0, 0, t.getWidth(), t.getHeight(), 0, (int[]) null);
                long agree = 0;
                for (int i = 0; i < ids.length; i++) {
                    if ((lut[ids[i] & 0xFF] & 0xFF) == want[i]) {
                        agree++;
                    }
                }
                double frac = (double) agree / ids.length;
                assertTrue(frac >= 0.99, p.id() + ": only " + frac + " of pixels agree");
                frames++;
            }
        }
        assertEquals(10, frames);
    }
}
