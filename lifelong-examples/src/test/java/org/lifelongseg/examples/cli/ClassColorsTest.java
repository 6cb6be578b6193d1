package org.lifelongseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lifelongseg.core.data.folder.FolderFixtures;
import org.lifelongseg.core.data.folder.FolderTaskData;
import org.lifelongseg.core.infer.ColorMap;

/** The one colour rule of colour maps and reports: classes.txt's colours by name, else distinct hues. */
class ClassColorsTest {

    @TempDir Path root;

    @Test
    void aFolderDatasetsColoursFollowTheClassesByNameInAnyOrder() throws Exception {
        FolderFixtures.classes(root, "grass 0 200 0", "sky 100 150 255", "road 128 64 128");
        FolderFixtures.sample(root, "train", "t0", 8, 8, FolderFixtures.stripes(8, 0));
        FolderTaskData data = FolderTaskData.builder().setRoot(root).build();
        // the model's channels in task order, not the order of classes.txt
        ColorMap map = DatasetOptions.colors(data, List.of("road", "grass", "sky"));
        assertEquals(0x804080, map.colorOf(0));
        assertEquals(0x00C800, map.colorOf(1));
        assertEquals(0x6496FF, map.colorOf(2));
        assertEquals(0, map.colorOf(255), "void stays black");
    }

    @Test
    void withoutColoursTheDistinctHuesOfEveryOtherDataset() throws Exception {
        FolderFixtures.classes(root, "grass", "sky");
        FolderFixtures.sample(root, "train", "t0", 8, 8, FolderFixtures.stripes(8, 0));
        FolderTaskData data = FolderTaskData.builder().setRoot(root).build();
        assertEquals(CliValues.colors(List.of("sky", "grass")).toString(),
                DatasetOptions.colors(data, List.of("sky", "grass")).toString());
        assertEquals(ColorMap.distinct(2).toString(), DatasetOptions.colors(data, List.of("sky", "grass")).toString());
    }
}
