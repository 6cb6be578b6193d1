package org.lifelongseg.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableRendererTest {

    @TempDir Path dir;

    @Test
    void markdownHeaderIsExactAndValuesArePercentages() throws Exception {
        RunResults run = ReportFixtures.run(false);
        String md = TableRenderer.markdown(run);
        String[] lines = md.split("\n");
        assertEquals("| Model | mIoU Task 1 | mIoU Task 2 | mIoU Task 1∪2 | mIoU Task 3 | mIoU Task 1∪2∪3 |", lines[0]);
        assertEquals("|---|---:|---:|---:|---:|---:|", lines[1]);
        assertEquals("| finetune | 2.1 | 0.4 | 8.9 | 70.2 | 30.1 |", lines[2]);
        assertEquals("| distill | 81.2 | 55.3 | 62.1 | 66.4 | 59.8 |", lines[3]);
        assertEquals("| joint | 87.1 | 64.8 | 70.2 | 65.5 | 64.1 |", lines[4]);
        assertEquals(5, lines.length);
        Path file = dir.resolve("results.md");
        TableRenderer.writeMarkdown(run, file);
        assertEquals(md + "\nIoU per class of the final models:\n\n" + TableRenderer.classMarkdown(run),
                Files.readString(file));
    }

    @Test
    void perClassTableHasARowPerClassWithItsTaskAndAColumnPerMethod() {
        RunResults run = ReportFixtures.run(false);
        String[] lines = TableRenderer.classMarkdown(run).split("\n");
        assertEquals("| Class | Task | finetune | distill | joint |", lines[0]);
        assertEquals("|---|---:|---:|---:|---:|", lines[1]);
        assertEquals(2 + 19, lines.length);
        assertTrue(lines[2].startsWith("| road | 1 | "), lines[2]);
        assertTrue(lines[20].startsWith("| bicycle | 3 | "), lines[20]);
        MethodResult distill = run.methods().get(1);
        String bicycle = TableRenderer.percent(distill.classIoU().get("bicycle"));
        assertEquals(bicycle, lines[20].split("\\|")[4].trim());
        String[] text = TableRenderer.classConsole(run).split("\n");
        assertEquals(2 + 19, text.length);
        assertTrue(text[0].startsWith("Class          Task  finetune  distill  joint"), text[0]);
        RunResults none = RunResults.builder().setDataset("toy").setNumTasks(1)
                .addMethod(MethodResult.builder("m").setTaskScores(java.util.Map.of("task1", 0.5)).build())
                .build();
        assertEquals("", TableRenderer.classMarkdown(none));
        assertEquals("", TableRenderer.classConsole(none));
    }

    @Test
    void consoleColumnsAreAligned() {
        String text = TableRenderer.console(ReportFixtures.run(false));
        String[] lines = text.split("\n");
        assertEquals(5, lines.length);
        assertTrue(lines[0].startsWith("Model     mIoU Task 1"), lines[0]);
        assertTrue(lines[1].matches("-+( +-+){5}"), lines[1]);
        // every number ends where its header ends
        int end = lines[0].indexOf("mIoU Task 1∪2∪3") + "mIoU Task 1∪2∪3".length();
        for (int i = 2; i < 5; i++) {
            assertEquals(end, lines[i].length(), lines[i]);
        }
        assertEquals("distill          81.2         55.3           62.1         66.4             59.8", lines[3]);
    }

    @Test
    void csvHasFractionsAndQuoting() throws Exception {
        RunResults run = RunResults.builder()
                .setDataset("toy")
                .setNumTasks(2)
                .addMethod(MethodResult.builder("distill, T=2").setTaskScores(Map.of("task1", 0.8125, "task2", 0.5)).build())
                .build();
        assertEquals("model,task1,task2,task12\r\n\"distill, T=2\",0.8125,0.5,\r\n", TableRenderer.csv(run));
        assertEquals("| distill, T=2 | 81.3 | 50.0 | – |", TableRenderer.markdown(run).split("\n")[2]);
        Path file = dir.resolve("results.csv");
        TableRenderer.writeCsv(run, file);
        assertEquals(TableRenderer.csv(run), Files.readString(file));
    }

    @Test
    void namedTasksHeadTheColumnsAndTheClassTable() {
        RunResults run = ReportFixtures.namedRun();
        assertEquals("| Model | mIoU ground | mIoU things | mIoU all |", TableRenderer.markdown(run).split("\n")[0]);
        assertEquals("model,ground,things,all", TableRenderer.csv(run).split("\r\n")[0]);
        assertEquals("| distill | 71.0 | 42.0 | 55.0 |", TableRenderer.markdown(run).split("\n")[2]);
        String[] classes = TableRenderer.classMarkdown(run).split("\n");
        assertTrue(classes[2].startsWith("| grass | ground | "), classes[2]);
        assertTrue(classes[5].startsWith("| dog | things | "), classes[5]);
    }
}
