package org.lifelongseg.core.task;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.lifelongseg.core.data.SampleInfo;

/**
 * An ordered list of tasks; the class space grows by appending each task's classes (old channels
 * first). Steps are numbered from 0.
 *
 * <pre>{@code
 * TaskSequence seq = TaskSequence.builder()
 *         .addTask(Task.of("task1", List.of("road", "sky"), ImageFilter.groups("aachen")))
 *         .addTask(Task.of("task2", List.of("car"), ImageFilter.groups("bochum")))
 *         .build();
 * seq.classSpaceAfter(1);   // [road, sky, car]
 * seq.newClasses(1);        // [car]
 * seq.oldClasses(1);        // [road, sky]
 * String json = TaskSequenceJson.toJson(seq);   // saved with the experiment's results
 * }</pre>
 */
public final class TaskSequence {

    /** The name of the one task of a {@link #jointBaseline()}. */
    public static final String JOINT_TASK = "joint";

    private final ImmutableList<Task> tasks;
    private final SelectionMode mode;
    private final ImageFilter validationImages;
    private final ImmutableList<ClassSpace> spaces;

    private TaskSequence(ImmutableList<Task> tasks, SelectionMode mode, ImageFilter validation) {
        this.tasks = tasks;
        this.mode = mode;
        this.validationImages = validation;
        ImmutableList.Builder<ClassSpace> b = ImmutableList.builder();
        ClassSpace s = ClassSpace.empty();
        for (Task t : tasks) {
            s = s.append(t.classes());
            b.add(s);
        }
        this.spaces = b.build();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of steps (tasks). */
    public int size() {
        return tasks.size();
    }

    /** The tasks in order. */
    public List<Task> tasks() {
        return tasks;
    }

    /** The task of step {@code step} (0-based). */
    public Task task(int step) {
        return tasks.get(checkStep(step));
    }

    /** The step of the task with this name. */
    public int stepOf(String taskName) {
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).name().equals(taskName)) {
                return i;
            }
        }
        throw new IllegalArgumentException(
                "no task named '" + taskName + "'; tasks: "
                        + tasks.stream().map(Task::name).toList());
    }

    /** How images are chosen beyond each task's filter. */
    public SelectionMode mode() {
        return mode;
    }

    /** The images used for validation during training, if declared. */
    public Optional<ImageFilter> validationImages() {
        return Optional.ofNullable(validationImages);
    }

    /** The class space (model output channels) after learning step {@code step}. */
    public ClassSpace classSpaceAfter(int step) {
        return spaces.get(checkStep(step));
    }

    /** The class space after the last step. */
    public ClassSpace finalClassSpace() {
        return spaces.get(spaces.size() - 1);
    }

    /** The classes introduced at {@code step}. */
    public List<String> newClasses(int step) {
        return task(step).classes();
    }

    /** The classes learned before {@code step} (the previous model's channels). */
    public List<String> oldClasses(int step) {
        checkStep(step);
        return step == 0 ? List.of() : spaces.get(step - 1).names();
    }

    /** The classes introduced after {@code step}. */
    public List<String> futureClasses(int step) {
        List<String> all = finalClassSpace().names();
        return all.subList(classSpaceAfter(step).size(), all.size());
    }

    /**
     * The joint baseline of this sequence, the upper bound of class-incremental learning: one task,
     * {@value #JOINT_TASK}, holding every class in the final class space's order and trained on
     * the images of every task (their union: group filters merge into one, otherwise {@link
     * ImageFilter#anyOf}), with this sequence's validation images and selection mode.
     *
     * <pre>{@code
     * TaskSequence joint = sequence.jointBaseline();
     * LifelongTrainer.forTasks(joint).strategy(Strategies.joint())...trainStep(0);
     * }</pre>
     */
    public TaskSequence jointBaseline() {
        List<ImageFilter> filters = tasks.stream().map(Task::images).distinct().toList();
        ImageFilter images;
        if (filters.contains(ImageFilter.all())) {
            images = ImageFilter.all();
        } else if (filters.size() == 1) {
            images = filters.get(0);
        } else if (filters.stream().allMatch(f -> f instanceof ImageFilter.Groups)) {
            images = ImageFilter.groups(filters.stream()
                    .flatMap(f -> ((ImageFilter.Groups) f).groups().stream()).toList());
        } else {
            images = ImageFilter.anyOf(filters.toArray(ImageFilter[]::new));
        }
        Builder b = builder()
                .addTask(Task.of(JOINT_TASK, finalClassSpace().names(), images))
                .optMode(mode);
        if (validationImages != null) {
            b.optValidationImages(validationImages);
        }
        return b.build();
    }

    /**
     * Checks that every class of every task is one of {@code known} (e.g. a dataset's label table).
     *
     * @throws IllegalArgumentException naming the unknown class and its task
     */
    public TaskSequence requireKnownClasses(Collection<String> known) {
        Set<String> k = new HashSet<>(known);
        for (Task t : tasks) {
            for (String c : t.classes()) {
                if (!k.contains(c)) {
                    throw new IllegalArgumentException(
                            "task '" + t.name() + "' names unknown class '" + c + "'; known: "
                                    + known);
                }
            }
        }
        return this;
    }

    /**
     * The images step {@code step} trains on with mode {@link SelectionMode#FILTER_ONLY}.
     *
     * @throws IllegalStateException if the mode needs to know the classes an image shows
     */
    public <T extends SampleInfo> List<T> trainingImages(int step, List<T> candidates) {
        if (mode.needsClassPresence()) {
            throw new IllegalStateException(
                    "selection mode " + mode + " needs the classes each image shows; use"
                            + " trainingImages(step, candidates, classesPresent)");
        }
        return task(step).images().select(candidates);
    }

    /**
     * The images step {@code step} trains on: the task's filter, then the mode's condition.
     *
     * @param classesPresent the class names an image shows (at least one pixel); only called when
     *     the mode needs it, for the images the task's filter keeps, from several threads (it reads
     *     label files)
     */
    public <T extends SampleInfo> List<T> trainingImages(
            int step, List<T> candidates, Function<? super T, Set<String>> classesPresent) {
        List<T> filtered = task(step).images().select(candidates);
        if (!mode.needsClassPresence()) {
            return filtered;
        }
        Set<String> current = new HashSet<>(newClasses(step));
        Set<String> future = new HashSet<>(futureClasses(step));
        List<Set<String>> shownByImage = filtered.parallelStream().map(classesPresent).toList();
        List<T> out = new ArrayList<>();
        for (int i = 0; i < filtered.size(); i++) {
            T c = filtered.get(i);
            Set<String> shown = shownByImage.get(i);
            boolean hasNew = shown.stream().anyMatch(current::contains);
            boolean hasFuture = shown.stream().anyMatch(future::contains);
            if (hasNew && (mode == SelectionMode.OVERLAPPED || !hasFuture)) {
                out.add(c);
            }
        }
        return out;
    }

    private int checkStep(int step) {
        if (step < 0 || step >= tasks.size()) {
            throw new IndexOutOfBoundsException(
                    "step " + step + " outside 0.." + (tasks.size() - 1) + " of the task sequence");
        }
        return step;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskSequence s
                && s.tasks.equals(tasks)
                && s.mode == mode
                && Objects.equals(s.validationImages, validationImages);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tasks, mode, validationImages);
    }

    @Override
    public String toString() {
        return "TaskSequence{" + mode + ", " + tasks + "}";
    }

    /** Builds a {@link TaskSequence}; a setting given twice is an error. */
    public static final class Builder {
        private final List<Task> tasks = new ArrayList<>();
        private SelectionMode mode;
        private ImageFilter validation;

        private Builder() {}

        /** Appends a task (at least one is required). */
        public Builder addTask(Task task) {
            tasks.add(Objects.requireNonNull(task, "task"));
            return this;
        }

        /** Sets the selection mode; default {@link SelectionMode#FILTER_ONLY}. */
        public Builder optMode(SelectionMode mode) {
            if (this.mode != null) {
                throw new IllegalStateException("selection mode already set to " + this.mode);
            }
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Declares the images used for validation during training. */
        public Builder optValidationImages(ImageFilter images) {
            if (this.validation != null) {
                throw new IllegalStateException("validation images already set");
            }
            this.validation = Objects.requireNonNull(images, "validation images");
            return this;
        }

        /**
         * Validates and builds the sequence.
         *
         * @throws IllegalArgumentException if a class belongs to two tasks or two tasks share a name
         */
        public TaskSequence build() {
            if (tasks.isEmpty()) {
                throw new IllegalStateException("a task sequence needs at least one task");
            }
            Map<String, String> owner = new HashMap<>();
            Set<String> names = new HashSet<>();
            for (Task t : tasks) {
                if (!names.add(t.name())) {
                    throw new IllegalArgumentException("two tasks are named '" + t.name() + "'");
                }
                for (String c : t.classes()) {
                    String prev = owner.putIfAbsent(c, t.name());
                    if (prev != null) {
                        throw new IllegalArgumentException(
                                "class '" + c + "' belongs to both task '" + prev + "' and task '"
                                        + t.name() + "'");
                    }
                }
            }
            return new TaskSequence(
                    ImmutableList.copyOf(tasks),
                    mode == null ? SelectionMode.FILTER_ONLY : mode,
                    validation);
        }
    }
}
