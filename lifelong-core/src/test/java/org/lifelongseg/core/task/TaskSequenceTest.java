package org.lifelongseg.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.data.SampleInfo;

class TaskSequenceTest {

    record Img(String id, String group) implements SampleInfo {}

    static TaskSequence threeTasks(SelectionMode mode) {
        return TaskSequence.builder()
                .addTask(Task.of("t1", List.of("a", "b"), ImageFilter.all()))
                .addTask(Task.of("t2", List.of("c"), ImageFilter.all()))
                .addTask(Task.of("t3", List.of("d", "e"), ImageFilter.all()))
                .optMode(mode)
                .build();
    }

    @Test
    void classSpaceGrowsByAppending() {
        TaskSequence s = threeTasks(SelectionMode.FILTER_ONLY);
        assertEquals(ClassSpace.of("a", "b"), s.classSpaceAfter(0));
        assertEquals(ClassSpace.of("a", "b", "c"), s.classSpaceAfter(1));
        assertEquals(List.of("a", "b", "c", "d", "e"), s.finalClassSpace().names());
        assertEquals(List.of("c"), s.newClasses(1));
        assertEquals(List.of("a", "b"), s.oldClasses(1));
        assertEquals(List.of(), s.oldClasses(0));
        assertEquals(List.of("d", "e"), s.futureClasses(1));
        assertEquals(List.of(), s.futureClasses(2));
        assertEquals(3, s.classSpaceAfter(2).indexOf("d"));
        assertEquals(2, s.stepOf("t3"));
        assertThrows(IndexOutOfBoundsException.class, () -> s.classSpaceAfter(3));
    }

    @Test
    void duplicateClassAcrossTasksIsRejectedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                TaskSequence.builder()
                        .addTask(Task.of("t1", List.of("road", "sky"), ImageFilter.all()))
                        .addTask(Task.of("t2", List.of("car", "sky"), ImageFilter.all()))
                        .build());
        assertTrue(e.getMessage().contains("'sky'") && e.getMessage().contains("t1")
                && e.getMessage().contains("t2"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Task.of("t", List.of("x", "x"), ImageFilter.all()));
        assertThrows(IllegalStateException.class,
                () -> Task.builder().setName("t").setClasses(List.of()).build());
        assertThrows(IllegalStateException.class, () -> Task.builder().setName("a").setName("b"));
        assertThrows(IllegalStateException.class, () -> TaskSequence.builder().build());
    }

    @Test
    void unknownClassIsRejectedNamingIt() {
        TaskSequence s = threeTasks(SelectionMode.FILTER_ONLY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.requireKnownClasses(List.of("a", "b", "c", "d")));
        assertTrue(e.getMessage().contains("'e'") && e.getMessage().contains("t3"), e.getMessage());
    }

    @Test
    void overlappedAndDisjointModesFollowTheUsualDefinition() {
        List<Img> imgs = List.of(new Img("onlyOld", "g"), new Img("oldAndNew", "g"),
                new Img("newAndFuture", "g"), new Img("onlyFuture", "g"));
        Map<String, Set<String>> shows = Map.of(
                "onlyOld", Set.of("a"),
                "oldAndNew", Set.of("a", "c"),
                "newAndFuture", Set.of("c", "d"),
                "onlyFuture", Set.of("e"));
        TaskSequence over = threeTasks(SelectionMode.OVERLAPPED);
        TaskSequence disj = threeTasks(SelectionMode.DISJOINT);
        TaskSequence any = threeTasks(SelectionMode.FILTER_ONLY);
        assertEquals(List.of(imgs.get(1), imgs.get(2)),
                over.trainingImages(1, imgs, i -> shows.get(i.id())));
        assertEquals(List.of(imgs.get(1)), disj.trainingImages(1, imgs, i -> shows.get(i.id())));
        assertEquals(imgs, any.trainingImages(1, imgs));
        assertThrows(IllegalStateException.class, () -> disj.trainingImages(1, imgs));
    }

    @Test
    void jointBaselineHoldsEveryClassOnEveryTasksImages() {
        TaskSequence groups = TaskSequence.builder()
                .addTask(Task.of("t1", List.of("a", "b"), ImageFilter.groups("aachen", "bochum")))
                .addTask(Task.of("t2", List.of("c"), ImageFilter.groups("bremen")))
                .optMode(SelectionMode.DISJOINT)
                .optValidationImages(ImageFilter.groups("erfurt"))
                .build();
        assertEquals(TaskSequence.builder()
                        .addTask(Task.of("joint", List.of("a", "b", "c"),
                                ImageFilter.groups("aachen", "bochum", "bremen")))
                        .optMode(SelectionMode.DISJOINT)
                        .optValidationImages(ImageFilter.groups("erfurt"))
                        .build(),
                groups.jointBaseline());
        assertEquals(ImageFilter.all(), threeTasks(SelectionMode.FILTER_ONLY).jointBaseline().task(0).images());
        TaskSequence mixed = TaskSequence.builder()
                .addTask(Task.of("t1", List.of("a"), ImageFilter.randomPartition(7, 2, 0)))
                .addTask(Task.of("t2", List.of("b"), ImageFilter.groups("bremen")))
                .build();
        TaskSequence joint = mixed.jointBaseline();
        assertEquals(ImageFilter.anyOf(ImageFilter.randomPartition(7, 2, 0), ImageFilter.groups("bremen")),
                joint.task(0).images());
        assertTrue(joint.validationImages().isEmpty());
        assertEquals(joint, TaskSequenceJson.fromJson(TaskSequenceJson.toJson(joint)));
    }

    @Test
    void jsonRoundTripKeepsEverything(@TempDir Path dir) throws Exception {
        TaskSequence s = TaskSequence.builder()
                .addTask(Task.of("t1", List.of("road", "traffic light"),
                        ImageFilter.groups("aachen", "bochum")))
                .addTask(Task.of("t2", List.of("car"), ImageFilter.allOf(
                        ImageFilter.randomPartition(Long.MAX_VALUE - 7, 3, 2),
                        ImageFilter.ids(List.of("x_1", "dir/y_2_leftImg8bit.png")))))
                .optMode(SelectionMode.DISJOINT)
                .optValidationImages(ImageFilter.groups("erfurt"))
                .build();
        String json = TaskSequenceJson.toJson(s);
        assertEquals(s, TaskSequenceJson.fromJson(json));
        Path f = dir.resolve("tasks.json");
        TaskSequenceJson.write(s, f);
        assertEquals(s, TaskSequenceJson.read(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void badJsonIsRejectedNamingTheKey() {
        String dup = "{\"format\":\"lifelong-task-sequence/1\",\"mode\":\"FILTER_ONLY\",\"tasks\":["
                + "{\"name\":\"a\",\"classes\":[\"x\"]},{\"name\":\"b\",\"classes\":[\"x\"]}]}";
        assertThrows(IllegalArgumentException.class, () -> TaskSequenceJson.fromJson(dup));
        String badType = "{\"format\":\"lifelong-task-sequence/1\",\"mode\":\"FILTER_ONLY\",\"tasks\":["
                + "{\"name\":\"a\",\"classes\":[\"x\"],\"images\":{\"type\":\"cities\"}}]}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskSequenceJson.fromJson(badType));
        assertTrue(e.getMessage().contains("tasks[0].images"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TaskSequenceJson.fromJson("{\"format\":2}"));
        assertThrows(IllegalArgumentException.class, () -> TaskSequenceJson.fromJson("[1,"));
    }
}
