// Injected into every page of the browser tests (after axe-core): run axe (WCAG 2.1 A and
// AA) on every state a page passes through: when it has loaded, and again whenever its DOM
// changes (an htmx swap, an opened menu, an error shown), once the change has settled.
// Each run's violations go to Python through the exposed binding koersAxeReport.
(() => {
  if (!/^https?:$/.test(location.protocol)) return; // about:blank, a PDF viewer
  const OPTIONS = {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    resultTypes: ["violations"],
  };
  let running = null;
  let again = false;
  let timer = null;

  function brief(violations) {
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(" "),
        html: n.html.slice(0, 240),
        summary: (n.failureSummary || "").slice(0, 400),
      })),
    }));
  }

  // axe 4.7+ no longer reports duplicate ids (WCAG 2.2 dropped 4.1.1), but a label's "for"
  // and aria references still find only the first: every id once on a page.
  function duplicateIds() {
    const seen = new Map();
    for (const el of document.querySelectorAll("[id]")) {
      seen.set(el.id, (seen.get(el.id) || []).concat([el]));
    }
    const twice = [...seen.entries()].filter(([, els]) => els.length > 1);
    return twice.map(([id, els]) => ({
      id: "duplicate-id",
      impact: "serious",
      help: "An id must be unique on the page",
      nodes: [{ target: "#" + id, html: els.map((el) => el.outerHTML.slice(0, 100)).join(" / "), summary: els.length + " elements" }],
    }));
  }

  async function run() {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        const result = await window.axe.run(document, OPTIONS);
        const violations = brief(result.violations).concat(duplicateIds());
        if (window.koersAxeReport) {
          await window.koersAxeReport(location.pathname + location.search, violations);
        }
        return violations;
      } finally {
        running = null;
        if (again) {
          again = false;
          schedule();
        }
      }
    })();
    return running;
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 300);
  }

  // The final state, checked when the test ends: after any run under way, a fresh one.
  async function final() {
    clearTimeout(timer);
    while (running) {
      again = false;
      await running;
    }
    clearTimeout(timer);
    return run();
  }

  window.koersAxe = { run, final };
  window.addEventListener("load", () => {
    schedule();
    new MutationObserver(() => (running ? (again = true) : schedule())).observe(
      document.documentElement,
      { subtree: true, childList: true, attributes: true, characterData: true }
    );
  });
})();
