// Loads mermaid only on pages that have a diagram, and renders each diagram
// in a light or dark palette to match mdBook's theme, again whenever the
// reader switches theme.
//
// `mdbook-mermaid install` would add a 2.6 MB script to every page; instead
// the bundle is vendored as src/mermaid.min.js (mdBook copies it to the site
// root unchanged) and fetched here on demand.
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

  let lastDark = null;
  function render() {
    const dark = isDark();
    if (dark === lastDark) return;
    lastDark = dark;
    for (const pre of diagrams) {
      pre.removeAttribute("data-processed");
      pre.textContent = pre.dataset.source;
    }
    window.mermaid.initialize({
      startOnLoad: false,
      theme: dark ? "dark" : "default",
      securityLevel: "strict",
    });
    window.mermaid.run({ nodes: diagrams }).catch((err) => {
      console.error("mermaid could not render a diagram:", err);
    });
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
