package org.lifelongseg.cityscapes.synthetic;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.lifelongseg.cityscapes.data.CityscapesProtocol;
import org.lifelongseg.cityscapes.labels.CityscapesLabels;
import org.lifelongseg.core.data.LabeledImage;
import org.lifelongseg.core.image.ImageFiles;
import org.lifelongseg.core.image.RgbImage;
import org.lifelongseg.core.data.Seeds;

/**
 * A procedural street-scene dataset in the Cityscapes layout, the embedded default when no real
 * Cityscapes copy is available. Same folders and file names ({@code leftImg8bit/<split>/<city>/
 * <city>_000000_<frame>_leftImg8bit.png}, {@code gtFine/.../_gtFine_labelIds.png} and {@code
 * _gtFine_labelTrainIds.png}), so the same reader, protocol and city split work.
 *
 * <pre>{@code
 * SyntheticStreetScenes gen = SyntheticStreetScenes.builder().optSeed(1).build(); // 256x128
 * gen.writeTo(dir);                                   // every protocol city + erfurt, val cities
 * CityscapesDataset ds = CityscapesDataset.builder().optRoot(dir).setSplit("train")...build();
 * LabeledImage frame = gen.render("train", "aachen", 3);   // in memory; labels are labelIds
 * }</pre>
 *
 * <p>Scenes are in perspective (sky on top, road and sidewalks converging to a vanishing point,
 * facades, walls, fences, grass, trees, poles with signs and lights, cars, trucks, buses, a
 * tram/train, persons, riders on bicycles and motorcycles) with per-instance colour variation,
 * textures, pixel noise and a per-frame illumination, so colour alone does not identify a class
 * (persons and riders look alike; riders sit on two-wheelers). <b>Every frame contains all 19
 * classes</b>, so classes of different tasks always co-occur: fine-tuning on a later task sees the
 * old classes unlabelled and overwrites them (catastrophic forgetting). Deterministic by seed:
 * frame (split, city, index) depends only on the seed and those coordinates.
 */
public final class SyntheticStreetScenes {

    /**
     * The version of the rendering: raised whenever the same seed would draw different frames, so
     * that datasets generated earlier (and cached on disk) are recognized as stale.
     */
    public static final int RENDERER_VERSION = 1;

    private final long seed;
    private final int width;
    private final int height;
    private final ImmutableMap<String, Integer> trainFrames;
    private final int valFramesPerCity;
    private final ImmutableList<String> trainCities;
    private final ImmutableList<String> valCities;

    private SyntheticStreetScenes(Builder b) {
        this.seed = b.seed;
        this.width = b.width;
        this.height = b.height;
        this.trainCities = b.trainCities;
        this.trainFrames = b.cityscapesProportions
                ? proportional(b.trainCities, b.trainFrames) : uniform(b.trainCities, b.trainFrames);
        this.valFramesPerCity = b.valFrames;
        this.valCities = b.valCities;
    }

    /** A builder with the defaults: seed 0, 256x128, 12 train and 10 val frames per city. */
    public static Builder builder() {
        return new Builder();
    }

    /** The train-split cities: the 17 protocol cities and erfurt. */
    public List<String> trainCities() {
        return trainCities;
    }

    /** The val-split cities: frankfurt, lindau, munster. */
    public List<String> valCities() {
        return valCities;
    }

    /** The number of training frames of a train-split city. */
    public int trainFrames(String city) {
        Integer n = trainFrames.get(city);
        if (n == null) {
            throw new IllegalArgumentException("'" + city + "' is not a train city of this generator");
        }
        return n;
    }

    private static ImmutableMap<String, Integer> uniform(List<String> cities, int frames) {
        ImmutableMap.Builder<String, Integer> b = ImmutableMap.builder();
        cities.forEach(c -> b.put(c, frames));
        return b.build();
    }

    /** {@code mean} frames per city on average, shared in proportion to the cities' Cityscapes sizes. */
    private static ImmutableMap<String, Integer> proportional(List<String> cities, int mean) {
        double total = 0;
        for (String c : cities) {
            total += CityscapesProtocol.fineFrames(c);
        }
        ImmutableMap.Builder<String, Integer> b = ImmutableMap.builder();
        for (String c : cities) {
            double share = (double) mean * cities.size() * CityscapesProtocol.fineFrames(c) / total;
            b.put(c, mean == 0 ? 0 : Math.max(1, (int) Math.round(share)));
        }
        return b.build();
    }

    /** The id of frame {@code index} of a city: {@code <city>_000000_<index, 6 digits>}. */
    public static String frameId(String city, int index) {
        return String.format("%s_000000_%06d", city, index);
    }

    /** Renders one frame (labels are Cityscapes labelIds). */
    public LabeledImage render(String split, String city, int index) {
        long s = Seeds.forSample(seed, (split + "/" + city).hashCode(), index);
        return new StreetSceneRenderer(width, height, s).render(frameId(city, index));
    }

    /** One frame to write. */
    private record Job(String split, String city, int index) {}

    /**
     * Writes the dataset under {@code root} (atomic per file; existing frames are overwritten).
     *
     * @return the number of frames written
     */
    public int writeTo(Path root) throws IOException {
        List<Job> jobs = new ArrayList<>();
        for (String city : trainCities) {
            for (int i = 0; i < trainFrames.get(city); i++) {
                jobs.add(new Job("train", city, i));
            }
        }
        for (String city : valCities) {
            for (int i = 0; i < valFramesPerCity; i++) {
                jobs.add(new Job("val", city, i));
            }
        }
        byte[] toTrain = CityscapesLabels.labelIdToTrainIdTable();
        try {
            IntStream.range(0, jobs.size()).parallel().forEach(k -> {
                Job j = jobs.get(k);
                LabeledImage f = render(j.split(), j.city(), j.index());
                String id = f.id();
                Path img = root.resolve("leftImg8bit").resolve(j.split()).resolve(j.city())
                        .resolve(id + "_leftImg8bit.png");
                Path gt = root.resolve("gtFine").resolve(j.split()).resolve(j.city());
                byte[] trainIds = new byte[f.labels().length];
                for (int i = 0; i < trainIds.length; i++) {
                    trainIds[i] = toTrain[f.labels()[i] & 0xFF];
                }
                ImageFiles.writePng(new RgbImage(f.width(), f.height(), f.rgb()).toBufferedImage(), img);
                ImageFiles.writePng(ImageFiles.grayImage(f.labels(), f.width(), f.height()),
                        gt.resolve(id + "_gtFine_labelIds.png"));
                ImageFiles.writePng(ImageFiles.grayImage(trainIds, f.width(), f.height()),
                        gt.resolve(id + "_gtFine_labelTrainIds.png"));
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return jobs.size();
    }

    /** Builds {@link SyntheticStreetScenes}; a setting given twice is an error. */
    public static final class Builder {
        private long seed;
        private boolean seedSet;
        private int width = 256;
        private int height = 128;
        private boolean sizeSet;
        private int trainFrames = 12;
        private int valFrames = 10;
        private boolean framesSet;
        private boolean cityscapesProportions;
        private ImmutableList<String> trainCities = ImmutableList.<String>builder()
                .addAll(CityscapesProtocol.allTrainingCities())
                .add(CityscapesProtocol.VALIDATION_CITY).build();
        private ImmutableList<String> valCities = ImmutableList.copyOf(CityscapesProtocol.VAL_CITIES);
        private boolean citiesSet;

        private Builder() {}

        /** The seed (default 0). */
        public Builder optSeed(long seed) {
            if (seedSet) {
                throw new IllegalStateException("seed already set");
            }
            seedSet = true;
            this.seed = seed;
            return this;
        }

        /** The frame size (default 256x128; at least 64x32). */
        public Builder optSize(int width, int height) {
            if (sizeSet) {
                throw new IllegalStateException("size already set");
            }
            if (width < 64 || height < 32) {
                throw new IllegalArgumentException("frame size must be at least 64x32, got " + width + "x" + height);
            }
            sizeSet = true;
            this.width = width;
            this.height = height;
            return this;
        }

        /** Frames per train-split city and per val-split city (defaults 12 and 10). */
        public Builder optFramesPerCity(int train, int val) {
            if (framesSet) {
                throw new IllegalStateException("frames per city already set");
            }
            if (train < 0 || val < 0 || train + val == 0) {
                throw new IllegalArgumentException("frames per city must be >= 0 and not both 0");
            }
            framesSet = true;
            this.trainFrames = train;
            this.valFrames = val;
            return this;
        }

        /**
         * Shares the train frames among the train cities in proportion to the cities' sizes in
         * Cityscapes ({@link CityscapesProtocol#fineFrames}), at least one each, the number of
         * {@link #optFramesPerCity} being the mean per city. The protocol's three tasks then hold
         * about as many frames each, as on Cityscapes (with the same number for every city, task 1's
         * four cities would hold far fewer frames than task 2's seven). Every train city must be a
         * Cityscapes city.
         */
        public Builder optCityscapesProportions() {
            if (cityscapesProportions) {
                throw new IllegalStateException("Cityscapes proportions already set");
            }
            cityscapesProportions = true;
            return this;
        }

        /** The cities of each split (default: the protocol's 17 + erfurt; frankfurt, lindau, munster). */
        public Builder optCities(List<String> train, List<String> val) {
            if (citiesSet) {
                throw new IllegalStateException("cities already set");
            }
            for (String c : Objects.requireNonNull(train, "train cities")) {
                checkCity(c);
            }
            for (String c : Objects.requireNonNull(val, "val cities")) {
                checkCity(c);
            }
            citiesSet = true;
            this.trainCities = ImmutableList.copyOf(train);
            this.valCities = ImmutableList.copyOf(val);
            return this;
        }

        private static void checkCity(String c) {
            if (!c.matches("[a-z][a-z0-9]*")) {
                throw new IllegalArgumentException("city name '" + c + "' must be lower-case letters/digits");
            }
        }

        /**
         * Builds the generator.
         *
         * @throws IllegalArgumentException if Cityscapes proportions are asked for and a train city
         *     is not a Cityscapes city
         */
        public SyntheticStreetScenes build() {
            return new SyntheticStreetScenes(this);
        }
    }
}
