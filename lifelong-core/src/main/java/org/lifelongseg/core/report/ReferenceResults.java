package org.lifelongseg.core.report;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Published numbers shown beside a run's task table for context (never mixed with the run's own
 * results).
 *
 * <pre>{@code
 * ReferenceResults ref = ReferenceResults.paperCityscapes();
 * ref.rows().get("ERFNet incremental");   // [84.5, 57.8, 64.0, 68.4, 62.2] (percent)
 * }</pre>
 *
 * @param caption where the numbers come from
 * @param numTasks the task count the rows are laid out for (the columns of {@link
 *     TaskKeys#numbered}, in order)
 * @param rows row name to mIoU in percent, one per column
 */
public record ReferenceResults(String caption, int numTasks, Map<String, List<Double>> rows) {

    /** Validates and copies. */
    public ReferenceResults {
        int cols = TaskKeys.numbered(numTasks).keys().size();
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        rows.forEach((k, v) -> {
            Preconditions.checkArgument(v.size() == cols,
                    "reference row '%s' has %s values; %s tasks need %s", k, v.size(), numTasks, cols);
            copy.put(k, List.copyOf(v));
        });
        rows = ImmutableMap.copyOf(copy);
    }

    /**
     * The paper's Cityscapes numbers (Klingner et al., ITSC 2020, arXiv 2005.06050, as listed in the
     * README of its official code and restated in the Ianvs lifelong-segmentation example): ERFNet
     * class-incremental and the jointly trained baseline, mIoU in percent for Task 1, Task 2,
     * Task 1∪2, Task 3, Task 1∪2∪3.
     */
    public static ReferenceResults paperCityscapes() {
        Map<String, List<Double>> rows = new LinkedHashMap<>();
        rows.put("ERFNet incremental", List.of(84.5, 57.8, 64.0, 68.4, 62.2));
        rows.put("Joint baseline", List.of(88.1, 65.6, 70.8, 63.8, 64.4));
        return new ReferenceResults(
                "The paper's Cityscapes numbers (Klingner et al., ITSC 2020), for context — not produced by this run",
                3, rows);
    }
}
