package org.lifelongseg.core.report;

/** The inline style sheet of {@link HtmlReport} (system fonts only, no external resources). */
final class Css {

    private Css() {}

    static final String STYLE = """
            :root { --ink: #1f2328; --muted: #5b6470; --line: #d8dee4; --bg: #f6f8fa; --accent: #0b5cad; }
            * { box-sizing: border-box; }
            body { margin: 0; background: var(--bg); color: var(--ink);
                   font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
                         "Noto Sans", "DejaVu Sans", "Liberation Sans", sans-serif; }
            main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 40px; }
            header { border-bottom: 3px solid var(--accent); margin-bottom: 18px; }
            h1 { font-size: 28px; margin: 8px 0 2px; letter-spacing: -0.01em; }
            h2 { font-size: 20px; margin: 0 0 12px; color: var(--accent); }
            h3 { font-size: 16px; margin: 18px 0 8px; }
            .subtitle { color: var(--muted); margin: 0 0 12px; }
            section { background: #fff; border: 1px solid var(--line); border-radius: 10px;
                      padding: 18px 22px; margin: 0 0 18px; box-shadow: 0 1px 2px rgba(0, 0, 0, 0.04); }
            table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 0 0 8px; }
            caption { text-align: left; font-weight: 600; color: var(--muted); padding: 0 0 6px; font-size: 13px;
                      max-width: 560px; }
            th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
            thead th { background: #eef2f6; font-size: 13px; border-bottom: 2px solid var(--line); }
            tbody tr:nth-child(even) td { background: #fafbfc; }
            td.num { text-align: right; white-space: nowrap; }
            td.best { font-weight: 700; color: #0a3f7a; }
            table.main { min-width: 760px; }
            table.results tbody.reference tr th, table.results tbody.reference tr td { color: #6a717a; background: #f4f5f7; font-weight: 400; }
            table.results tbody.reference tr td.ref-caption { font-size: 12px; font-style: italic; color: #7a6200; background: #fbf8ec;
                                             border-top: 2px solid var(--line); }
            table.metrics th[scope="row"] { white-space: nowrap; }
            table.kv th { font-weight: 600; color: var(--muted); white-space: nowrap; }
            table.kv td { word-break: break-word; max-width: 420px; }
            td.formula { font-family: "DejaVu Serif", Georgia, "Times New Roman", serif; font-style: italic;
                         color: #333; min-width: 220px; }
            table.metrics { width: 100%; }
            .cols { display: flex; flex-wrap: wrap; gap: 22px; align-items: flex-start; }
            .chart-box { overflow-x: auto; }
            svg.chart { display: block; max-width: 100%; height: auto; }
            .note { color: var(--muted); font-size: 13px; margin: 4px 0 10px; }
            .dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 7px; }
            .task-tag { display: inline-block; color: #fff; border-radius: 4px; padding: 0 7px; font-size: 12px;
                        font-weight: 600; margin-right: 6px; }
            .tasks p { margin: 4px 0; font-size: 14px; }
            table.samples td { padding: 4px; border: none; }
            table.samples td.missing { color: var(--muted); text-align: center; vertical-align: middle; }
            table.samples td.caption { color: var(--muted); font-size: 12px; padding-bottom: 12px; }
            img.px { image-rendering: pixelated; border-radius: 4px; border: 1px solid var(--line); display: block; }
            .legend { display: flex; flex-wrap: wrap; gap: 6px 14px; margin-top: 10px; font-size: 12px; }
            .swatch { display: inline-flex; align-items: center; gap: 5px; }
            .swatch .box { width: 14px; height: 14px; border-radius: 3px; border: 1px solid rgba(0, 0, 0, 0.25); }
            footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 8px; }
            """;
}
