package org.lifelongseg.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional recognition section of results.json and report.html. */
class RecognitionReportTest {

    static RunResults withRecognition() {
        RunResults base = ReportFixtures.run(false);
        RunResults.Builder b = RunResults.builder().setDataset(base.dataset()).setNumTasks(base.numTasks())
                .optTaskClasses(base.taskClasses());
        base.methods().forEach(b::addMethod);
        b.addRecognition(new RecognitionResult("uncertainty", "max_softmax_pixel_mean", 0.931, 0.21, 0.612,
                0.4167, 24, 36, Map.of("noise", 0.99, "indoor", 0.80)));
        b.addRecognition(new RecognitionResult("placeholder", "proser_known_minus_placeholder_logit", 0.837, 0.36,
                -1.5, 0.3846, 24, 36, Map.of("noise", 0.954)));
        return b.build();
    }

    @Test
    void jsonGetsARecognitionArrayAndKeepsEveryOtherKey() {
        RunResults plain = ReportFixtures.run(false);
        JsonObject without = ResultsJsonWriter.toJsonObject(plain);
        assertFalse(without.has("recognition"), "no section when no recognizer ran");
        JsonObject with = JsonParser.parseString(ResultsJsonWriter.toJson(withRecognition())).getAsJsonObject();
        for (String key : without.keySet()) {
            assertTrue(with.has(key), key);
        }
        JsonArray rec = with.getAsJsonArray("recognition");
        assertEquals(2, rec.size());
        JsonObject u = rec.get(0).getAsJsonObject();
        assertEquals("uncertainty", u.get("method").getAsString());
        assertEquals(0.931, u.get("auroc").getAsDouble());
        assertEquals(0.21, u.get("fprAt95Tpr").getAsDouble());
        assertEquals(0.612, u.get("threshold").getAsDouble());
        assertEquals(0.4167, u.get("samplesTransferRatio").getAsDouble());
        assertEquals(36, u.get("unknownSamples").getAsInt());
        assertEquals(0.99, u.getAsJsonObject("aurocPerKind").get("noise").getAsDouble());
        assertEquals(-1.5, rec.get(1).getAsJsonObject().get("threshold").getAsDouble());
    }

    @Test
    void htmlShowsATableWithBarsPerRecognizer() throws Exception {
        String html = HtmlReport.builder().build().render(withRecognition());
        HtmlReportTest.parseXml(html);
        assertTrue(html.contains("id=\"recognition\""));
        assertTrue(html.contains("<th scope=\"row\">placeholder<br/><small>"));
        assertTrue(html.contains("93.1") && html.contains("83.7") && html.contains("0.4167"), "values in percent");
        assertTrue(html.contains("AUROC per unknown kind") && html.contains("<th>indoor</th>") && html.contains(">–</td>"),
                "a kind missing for a recognizer is a dash");
        assertFalse(HtmlReport.builder().build().render(ReportFixtures.run(false)).contains("id=\"recognition\""));
    }

    @Test
    void invalidOrDuplicateResultsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new RecognitionResult("u", "s", 1.2, 0, 0, 0, 1, 1, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new RecognitionResult("u", "s", 0.5, 0, Double.NaN, 0, 1, 1, Map.of()));
        RecognitionResult r = new RecognitionResult("u", "s", 0.5, 0, 0, 0, 1, 1, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunResults.builder().addRecognition(r).addRecognition(r));
        assertTrue(e.getMessage().contains("'u'"), e.getMessage());
    }
}
