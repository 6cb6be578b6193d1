package org.lifelongseg.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HtmlReportTest {

    @TempDir Path dir;

    static Document parseXml(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setValidating(false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> attributeValues(String html, String attribute) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\s" + attribute + "\\s*=\\s*\"([^\"]*)\"", Pattern.CASE_INSENSITIVE).matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void wellFormedSelfContainedAndComplete() throws Exception {
        RunResults run = ReportFixtures.run();
        String html = HtmlReport.builder().optReference(ReferenceResults.paperCityscapes()).build().render(run);
        Document doc = parseXml(html); // throws if not well-formed
        Element root = doc.getDocumentElement();
        assertEquals("html", root.getTagName());

        // no network: no resource reference leaves the file, no external CSS/fonts/scripts
        for (String attr : List.of("src", "href", "xlink:href", "srcset", "action", "data")) {
            for (String v : attributeValues(html, attr)) {
                assertTrue(v.startsWith("data:") || v.startsWith("#"), attr + "=" + v);
            }
        }
        assertFalse(html.contains("http://") || html.contains("https://"), "no URL at all in this report");
        assertFalse(html.contains("@import") || html.contains("url("), "no CSS resource loads");
        assertEquals(0, doc.getElementsByTagName("script").getLength());
        assertEquals(0, doc.getElementsByTagName("link").getLength());

        // the sections and their content
        for (String id : List.of("run", "results", "class-iou", "lifelong", "steps", "curves", "samples", "extra")) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), "section " + id);
        }
        NodeList svgs = doc.getElementsByTagName("svg");
        // 1 bar chart + 3 heatmaps + 3 × (loss + validation) curves
        assertEquals(10, svgs.getLength());
        NodeList imgs = doc.getElementsByTagName("img");
        assertEquals(2 * (2 + 3), imgs.getLength()); // 2 samples × (input, gt, 3 predictions)
        for (int i = 0; i < imgs.getLength(); i++) {
            String src = ((Element) imgs.item(i)).getAttribute("src");
            assertTrue(src.startsWith("data:image/png;base64,"), src);
            var img = ImageIO.read(new ByteArrayInputStream(
                    Base64.getDecoder().decode(src.substring("data:image/png;base64,".length()))));
            assertEquals(64, img.getWidth());
            assertEquals(32, img.getHeight());
        }
        assertTrue(html.contains("<th>mIoU Task 1∪2∪3</th>"));
        assertTrue(html.contains(">59.8</td>"), "distill's final mIoU");
        assertTrue(html.contains("84.5") && html.contains("64.4") && html.contains("The paper&#39;s Cityscapes numbers"),
                "the paper's reference numbers are shown and labelled");
        assertTrue(html.contains("R[T][j] − R[j][j]"), "BWT formula written out");
        assertTrue(html.contains("traffic sign"));
        assertTrue(html.contains("samples_transfer_ratio") && html.contains("FPR@95TPR"));
    }

    @Test
    void textIsEscaped() throws Exception {
        String evil = "<script>alert('x')</script>&amp;\"";
        RunResults run = RunResults.builder()
                .setDataset(evil)
                .setNumTasks(2)
                .optTaskClasses(List.of(List.of("a<b"), List.of("c&d")))
                .optConfiguration(Map.of("k\"<", "<img src=x onerror=alert(1)>"))
                .optExtraMetrics(Map.of("<m>", 1.0))
                .addMethod(MethodResult.builder("<b>bold</b>")
                        .setTaskScores(Map.of("task1", 0.5))
                        .optClassIoU(Map.of("a<b", 0.5, "c&d", 0.25))
                        .build())
                .build();
        String html = HtmlReport.builder().build().render(run);
        parseXml(html);
        assertFalse(html.contains("<script"), "no script element");
        assertFalse(html.contains("<b>bold"), "method name escaped");
        assertFalse(html.contains("<img src=x"), "configuration escaped");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;&quot;"));
        assertTrue(html.contains("a&lt;b") && html.contains("c&amp;d"));
        assertFalse(html.contains("The paper"), "no reference numbers for a 2-task run");
    }

    @Test
    void paperNumbersOnlyWhenGiven() {
        // a three-task run of any dataset: the Cityscapes numbers are not assumed from the task count
        String html = HtmlReport.builder().build().render(ReportFixtures.run());
        assertFalse(html.contains("The paper"), "no reference numbers unless given");
        assertFalse(html.contains("84.5"));
    }

    @Test
    void minimalRunHasOnlyTheTable() throws Exception {
        RunResults run = RunResults.builder()
                .setDataset("toy")
                .setNumTasks(3)
                .addMethod(MethodResult.builder("m").setTaskScores(ReportFixtures.scores(0.5, 0.4, 0.45, 0.3, 0.4)).build())
                .build();
        String html = HtmlReport.builder().optReference(null).build().render(run);
        Document doc = parseXml(html);
        assertEquals(0, doc.getElementsByTagName("svg").getLength());
        assertFalse(html.contains("id=\"lifelong\""));
        assertFalse(html.contains("84.5"), "reference switched off");
        assertTrue(html.contains(">45.0</td>"));
    }

    @Test
    void writeAllWritesTheFileSet() throws Exception {
        List<Path> files = ReportFiles.writeAll(ReportFixtures.run(), dir.resolve("out"));
        assertEquals(List.of("results.json", "results.md", "results.csv", "report.html"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path p : files) {
            assertTrue(Files.size(p) > 100, p.toString());
        }
        try (var s = Files.list(dir.resolve("out"))) {
            assertEquals(4, s.count(), "no temporary files left behind");
        }
    }

    @Test
    void namedTasksLabelTheTableTheTagsAndTheAccuracyMatrix() throws Exception {
        RunResults run = ReportFixtures.namedRun();
        String html = HtmlReport.builder().build().render(run);
        parseXml(html); // still well-formed
        assertTrue(html.contains("<th>mIoU ground</th><th>mIoU things</th><th>mIoU all</th>"), "task table header");
        assertTrue(html.contains(">ground</span> grass, path</p>"), "task tags name the tasks");
        assertFalse(html.contains("Task 1"), "no task numbers for named tasks");
        assertTrue(html.contains("(all)"), "the final mIoU names the all-class column");
    }
}
