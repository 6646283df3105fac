// Allure 3 configuration for the KHQR conformance report.
//
// The awesome plugin renders one self-contained index.html (scripts, styles and data inlined), which a
// regulator can open by double-click with no server. The report name and output directory set here are
// defaults: `bakong_conformance.report.render_html` passes `--name` and `--output` on the command line, which
// take precedence. The plugin's own `reportName` option is deliberately left unset because it would override
// `--name`.
//
// Categories (the "Categories" tab and each failed or broken result's category): Allure 3.18 takes them from
// this config only; a categories.json among the results is read by the allure2/classic plugins, not by awesome.
// A participant that breaks a rule fails its scenario (ConformanceFailure, an AssertionError); a scenario the
// harness could not judge is broken (HarnessError). Allure appends its own "Product errors" / "Test errors"
// defaults after these; they match nothing left, so they stay hidden.
//
// Tree: area -> Gherkin feature -> requirement -> scenario (epic / feature / story labels set by conftest.py).
//
// The generated page still embeds Google Analytics (hard-coded in allure 3.18.0); the Python side strips it
// and pins a no-network Content-Security-Policy. Re-check that step whenever `allure` is bumped.
import { defineConfig } from "allure";

export default defineConfig({
  name: "KHQR conformance report",
  output: "./out/report",
  categories: [
    { id: "participant-failures", name: "Participant failures", matchers: { statuses: ["failed"] } },
    { id: "harness-errors", name: "Harness errors", matchers: { statuses: ["broken"] } },
  ],
  plugins: {
    awesome: {
      options: {
        singleFile: true,
        reportLanguage: "en",
        theme: "light",
        groupBy: ["epic", "feature", "story"],
      },
    },
  },
});
