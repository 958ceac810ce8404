// Site-wide behaviour that belongs to no component. Mounted on every document$ event so it
// survives instant navigation.
document$.subscribe(function () {
  // Material wraps a wide table in a box that scrolls sideways: let the keyboard reach it
  // (WCAG 2.1.1; axe rule scrollable-region-focusable).
  document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (box) {
    box.tabIndex = 0;
  });
});

// Reading offline (sw.js, macros/offline.py): the worker is registered where the page links
// the manifest, which it does not when the site has turned offline reading off. After the
// page has loaded, so it takes nothing from the first paint.
if ("serviceWorker" in navigator && window.__md_scope && document.querySelector("link[rel=manifest]")) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(new URL("sw.js", __md_scope).href, { scope: __md_scope.pathname })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        // What this page loaded, perhaps before the worker was there: the worker keeps it.
        var loaded = performance.getEntriesByType("resource").map(function (entry) { return entry.name; });
        registration.active.postMessage({ keep: [location.href].concat(loaded) });
      })
      .catch(function () {});  // offline reading is a bonus: the page works without it
  });
}
