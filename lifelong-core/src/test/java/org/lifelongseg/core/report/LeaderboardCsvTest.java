package org.lifelongseg.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderboardCsvTest {

    @TempDir Path dir;

    private static final LocalDateTime T1 = LocalDateTime.of(2025, 3, 1, 14, 31, 7);
    private static final LocalDateTime T2 = LocalDateTime.of(2025, 3, 2, 9, 5, 0);

    @Test
    void appendsAcrossRunsSortedWithUnionOfColumnsAndQuoting() throws Exception {
        Path file = dir.resolve("rank.csv");
        LeaderboardCsv board = LeaderboardCsv.of(file).sortedBy("accuracy", LeaderboardCsv.Order.DESCENDING);

        // run 1: the three methods of the fixture run
        RunResults run = ReportFixtures.run(false);
        List<LeaderboardEntry> first = new ArrayList<>();
        for (MethodResult m : run.methods()) {
            first.add(LeaderboardEntry.forMethod(run, m)
                    .optModules(Map.of("basemodel", "ERFNet"))
                    .addHyperparameter("basemodel", "learning_rate", "0.0005")
                    .optTime(T1)
                    .optUrl("/runs/seed 1, cpu")
                    .build());
        }
        board.append(first);

        // run 2: another algorithm with a new metric, a new module type, a new hyperparameter and
        // text that needs quoting
        LeaderboardEntry second = LeaderboardEntry.builder("distill \"λ=2\", T=2")
                .addMetric("accuracy", 0.612)
                .addMetric("BWT", -0.101)
                .addMetric("task_avg_acc", 0.7)
                .optModules(Map.of("basemodel", "ERFNet", "unseen_sample_recognition", "ProserRecognizer"))
                .addHyperparameter("basemodel", "learning_rate", "0.0005")
                .addHyperparameter("basemodel", "crop", "192,640")
                .optTime(T2)
                .optUrl("/runs/seed2")
                .build();
        LeaderboardCsv.Table written = board.append(List.of(second));

        LeaderboardCsv.Table t = board.read();
        assertEquals(written, t);
        assertEquals(List.of("rank", "algorithm", "accuracy", "BWT", "FWT", "samples_transfer_ratio", "AUROC",
                "FPR@95TPR", "task_avg_acc", "paradigm", "basemodel", "unseen_sample_recognition",
                "basemodel-learning_rate", "basemodel-crop", "time", "url"), t.columns());
        assertEquals(4, t.rows().size());
        List<String> algorithms = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            assertEquals(Integer.toString(i + 1), t.get(i, "rank"));
            algorithms.add(t.get(i, "algorithm"));
        }
        // final task-1∪2∪3 mIoU: joint .641 > distill 2 .612 > distill .598 > finetune .301
        assertEquals(List.of("joint", "distill \"λ=2\", T=2", "distill", "finetune"), algorithms);
        assertEquals("0.641", t.get(0, "accuracy"));
        assertEquals("lifelonglearning", t.get(1, "paradigm"));
        assertEquals("192,640", t.get(1, "basemodel-crop"));
        assertEquals("", t.get(0, "basemodel-crop"), "a column a row does not have is empty");
        assertEquals("", t.get(0, "task_avg_acc"));
        assertEquals("0.7", t.get(1, "task_avg_acc"));
        assertEquals("", t.get(1, "FWT"));
        assertEquals("ProserRecognizer", t.get(1, "unseen_sample_recognition"));
        assertEquals("2025-03-01 14:31:07", t.get(0, "time"));
        assertEquals("2025-03-02 09:05:00", t.get(1, "time"));
        assertEquals("/runs/seed 1, cpu", t.get(3, "url"));
        double bwt = Double.parseDouble(t.get(2, "BWT"));
        assertEquals(run.method("distill").orElseThrow().lifelong().orElseThrow().backwardTransfer(), bwt, 0.0);

        String text = Files.readString(file);
        assertTrue(text.startsWith("rank,algorithm,accuracy,BWT,FWT,"), text);
        assertTrue(text.contains(",\"distill \"\"λ=2\"\", T=2\","), text);
        assertTrue(text.contains(",\"192,640\","), text);
        assertTrue(text.contains(",\"/runs/seed 1, cpu\"\r\n"), text);
    }

    @Test
    void ascendingAndMissingValuesLast() throws Exception {
        Path file = dir.resolve("sub/all_rank.csv");
        LeaderboardCsv board = LeaderboardCsv.of(file)
                .sortedBy("samples_transfer_ratio", LeaderboardCsv.Order.ASCENDING)
                .thenBy("accuracy", LeaderboardCsv.Order.DESCENDING);
        board.append(List.of(
                entry("a", 0.5, Double.NaN),
                entry("b", 0.6, 0.2),
                entry("c", 0.7, 0.2),
                entry("d", 0.1, 0.05)));
        LeaderboardCsv.Table t = board.read();
        List<String> order = t.rows().stream().map(r -> r.get(1)).toList();
        assertEquals(List.of("d", "c", "b", "a"), order);
        assertEquals("", t.get(3, "samples_transfer_ratio"));
    }

    @Test
    void rejectsAFileThatIsNotALeaderboard() throws Exception {
        Path file = dir.resolve("rank.csv");
        Files.writeString(file, "name,score\nx,1\n");
        LeaderboardCsv board = LeaderboardCsv.of(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> board.append(List.of(entry("a", 0.5, 0.1))));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("header"), e.getMessage());
        assertEquals("name,score\nx,1\n", Files.readString(file), "the file is left untouched");

        Files.writeString(file, "rank,algorithm,accuracy,paradigm,time,url\n1,\"a\"b,0.5,ll,t,u\n");
        e = assertThrows(IllegalArgumentException.class, board::read);
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void readsLfAndCrlfAndQuotedNewlines() throws Exception {
        Path file = dir.resolve("rank.csv");
        Files.writeString(file, "rank,algorithm,accuracy,paradigm,time,url\n"
                + "1,\"multi\nline\",0.5,lifelonglearning,2025-01-01 00:00:00,\r\n");
        LeaderboardCsv board = LeaderboardCsv.of(file).sortedBy("accuracy", LeaderboardCsv.Order.DESCENDING);
        board.append(List.of(entry("z", 0.9, 0.1)));
        LeaderboardCsv.Table t = board.read();
        assertEquals("z", t.get(0, "algorithm"));
        assertEquals("multi\nline", t.get(1, "algorithm"));
        assertEquals("2", t.get(1, "rank"));
    }

    @Test
    void entryValidation() {
        assertThrows(IllegalArgumentException.class, () -> LeaderboardEntry.builder("a").addMetric("rank", 1));
        assertThrows(IllegalArgumentException.class,
                () -> LeaderboardEntry.builder("a").addMetric("x", 1).addMetric("x", 2));
        assertThrows(IllegalArgumentException.class,
                () -> LeaderboardEntry.builder("a").optModules(Map.of("base-model", "ERFNet")));
        assertThrows(IllegalStateException.class, () -> LeaderboardEntry.builder("a").optUrl("x").optUrl("y"));
    }

    private static LeaderboardEntry entry(String name, double accuracy, double ratio) {
        return LeaderboardEntry.builder(name)
                .addMetric("accuracy", accuracy)
                .addMetric("samples_transfer_ratio", ratio)
                .optTime(T1)
                .build();
    }
}
