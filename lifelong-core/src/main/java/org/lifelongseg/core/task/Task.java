package org.lifelongseg.core.task;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One learning step: a name, the classes it introduces (by name) and the images it trains on.
 *
 * <pre>{@code
 * Task t1 = Task.builder()
 *         .setName("task1")
 *         .setClasses("road", "sidewalk", "vegetation", "terrain", "sky")
 *         .optImages(ImageFilter.groups("hanover", "aachen"))
 *         .build();
 * }</pre>
 */
public final class Task {

    private final String name;
    private final ImmutableList<String> classes;
    private final ImageFilter images;

    private Task(String name, ImmutableList<String> classes, ImageFilter images) {
        this.name = name;
        this.classes = classes;
        this.images = images;
    }

    /** A task of these classes on the images of {@code images}. */
    public static Task of(String name, List<String> classes, ImageFilter images) {
        return builder().setName(name).setClasses(classes).optImages(images).build();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The task's name, e.g. {@code "task1"}. */
    public String name() {
        return name;
    }

    /** The classes this task introduces, in their channel order. */
    public List<String> classes() {
        return classes;
    }

    /** The images this task trains on. */
    public ImageFilter images() {
        return images;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Task t
                && t.name.equals(name)
                && t.classes.equals(classes)
                && t.images.equals(images);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, classes, images);
    }

    @Override
    public String toString() {
        return "Task{" + name + ", classes=" + classes + ", images=" + images + "}";
    }

    /** Builds a {@link Task}; a setting given twice is an error. */
    public static final class Builder {
        private String name;
        private ImmutableList<String> classes;
        private ImageFilter images;

        private Builder() {}

        /** Sets the task's name (required). */
        public Builder setName(String name) {
            if (this.name != null) {
                throw new IllegalStateException("task name already set to '" + this.name + "'");
            }
            ClassSpace.checkName(name);
            this.name = name;
            return this;
        }

        /** Sets the classes the task introduces (required, non-empty, distinct). */
        public Builder setClasses(String... classes) {
            return setClasses(Arrays.asList(classes));
        }

        /** Sets the classes the task introduces (required, non-empty, distinct). */
        public Builder setClasses(List<String> classes) {
            if (this.classes != null) {
                throw new IllegalStateException("classes of task '" + name + "' already set");
            }
            this.classes = ImmutableList.copyOf(classes);
            return this;
        }

        /** Sets the images the task trains on; default: all images. */
        public Builder optImages(ImageFilter images) {
            if (this.images != null) {
                throw new IllegalStateException("images of task '" + name + "' already set");
            }
            this.images = Objects.requireNonNull(images, "images");
            return this;
        }

        /** Validates and builds the task. */
        public Task build() {
            if (name == null) {
                throw new IllegalStateException("a task needs a name (setName)");
            }
            if (classes == null || classes.isEmpty()) {
                throw new IllegalStateException("task '" + name + "' needs at least one class");
            }
            Set<String> seen = new HashSet<>();
            for (String c : classes) {
                ClassSpace.checkName(c);
                if (!seen.add(c)) {
                    throw new IllegalArgumentException(
                            "class '" + c + "' appears twice in task '" + name + "'");
                }
            }
            return new Task(name, classes, images == null ? ImageFilter.all() : images);
        }
    }
}
