// Loads mermaid only on pages that have a diagram, and renders each diagram
// in a light or dark palette to match mdBook's theme, again whenever the
// reader switches theme.
//
// `mdbook-mermaid install` would add a 2.6 MB script to every page; instead
// the bundle is vendored as src/mermaid.min.js (mdBook copies it to the site
// root unchanged) and fetched here on demand.
//
// The published site has no work for this script: ci/build-site.sh draws
// every diagram into the page when the site is built (running this very
// script in headless Chromium, see ci/node/prerender-diagrams.mjs), so no
// `pre.mermaid` is left. It draws them in the browser under `mdbook serve`,
// where an edited diagram must show at once.
//
// Diagrams are drawn in Open Sans, the book's own text font, which every
// page loads already: text is measured in the same font at build time and
// in the reader's browser, so labels fit their boxes on every system.
//
// When a round of rendering ends, each diagram's `data-mermaid-theme` says
// which palette it was drawn in ("default" or "dark"); a diagram that could
// not be drawn gets `data-mermaid-error` and a console error, which the
// browser tests (ci/node/browser-tests.mjs) treat as a failure.
(function () {
  "use strict";
  const diagrams = Array.from(document.querySelectorAll("pre.mermaid"));
  if (diagrams.length === 0) return;

  // mdbook-mermaid leaves the diagram's source as the element's text; keep
  // it, since mermaid replaces the text with the SVG.
  for (const pre of diagrams) pre.dataset.source = pre.textContent;

  const darkThemes = ["coal", "navy", "ayu"];
  const isDark = () =>
    darkThemes.some((t) => document.documentElement.classList.contains(t));

  // Renders run one after another: a theme switch during a render waits for
  // it, then draws again in the new palette.
  let lastDark = null;
  let queue = Promise.resolve();

  const font = '"Open Sans", sans-serif';

  // A timeline is not about dates: no line for today, so a page drawn today
  // is the same as one drawn tomorrow. (mermaid takes this only from the
  // diagram's text, not from its configuration.)
  const withoutToday = (text) =>
    /^\s*gantt\b/m.test(text) && !/todayMarker/.test(text)
      ? text.replace(/^(\s*gantt\b.*)$/m, "$1\n    todayMarker off")
      : text;

  async function renderAll(dark) {
    const theme = dark ? "dark" : "default";
    // Measure labels in the font they will be shown in.
    await document.fonts.load('16px "Open Sans"').catch(() => {});
    window.mermaid.initialize({
      startOnLoad: false,
      theme: theme,
      securityLevel: "strict",
      // Shapes drawn with rough.js (a class diagram's boxes) take their
      // wobble from this seed instead of a random one: the same diagram is
      // drawn the same way every time, in both palettes.
      handDrawnSeed: 1,
      fontFamily: font,
      themeVariables: { fontFamily: font },
    });
    // One diagram at a time, so that a broken one does not stop the others.
    for (const pre of diagrams) {
      pre.removeAttribute("data-processed");
      pre.removeAttribute("data-mermaid-error");
      pre.removeAttribute("data-mermaid-theme");
      pre.textContent = withoutToday(pre.dataset.source);
      try {
        await window.mermaid.run({ nodes: [pre] });
        pre.dataset.mermaidTheme = theme;
      } catch (err) {
        const message = String((err && err.message) || err);
        pre.dataset.mermaidError = message;
        const n = diagrams.indexOf(pre) + 1;
        console.error(`mermaid could not render diagram ${n} of this page: ${message}`);
      }
    }
  }

  function render() {
    const dark = isDark();
    if (dark === lastDark) return;
    lastDark = dark;
    queue = queue.then(() => renderAll(dark));
  }

  const script = document.createElement("script");
  // `path_to_root` is defined by mdBook's page template.
  script.src = path_to_root + "mermaid.min.js";
  script.onload = () => {
    render();
    new MutationObserver(render).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["class"],
    });
  };
  script.onerror = () => console.error("could not load " + script.src);
  document.head.appendChild(script);
})();
