// Site-wide behaviour that belongs to no component. Mounted on every document$ event so it
// survives instant navigation.
document$.subscribe(function () {
  // Material wraps a wide table in a box that scrolls sideways: let the keyboard reach it
  // (WCAG 2.1.1; axe rule scrollable-region-focusable).
  document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (box) {
    box.tabIndex = 0;
  });
});

// Reading offline (sw.js, macros/output/offline.py): the worker is registered where the page links
// the manifest, which it does not when the site has turned offline reading off. After the
// page has loaded, so it takes nothing from the first paint; the whole guide is kept only
// once the page is idle, and never for a reader who saves data. Private browsing, no storage
// or a worker that fails: the site stays online-only, with no error on the page.
(function () {
  var workers;
  try {
    workers = navigator.serviceWorker;  // throws in some private windows
  } catch (error) {
    return;
  }
  if (!workers || !window.__md_scope || !document.querySelector("link[rel=manifest]")) return;

  // A while after load, when the browser has nothing else to do: what the page itself loads
  // late (pictures, the sitemap) goes first, and a reader who leaves at once downloads nothing.
  function idle(run) {
    setTimeout(function () {
      if (window.requestIdleCallback) requestIdleCallback(run, { timeout: 10000 }); else run();
    }, 3000);
  }

  // A new build is ready: say so, and take it in only when the reader says (the page reloads),
  // never by itself, and not while a timer counts (the prompt waits until none does).
  var asked = false, reloading = false;
  // Once: the reader's tap reloads at once when the new build has just taken over, and the
  // worker's hand-over (controllerchange) may still come after it; a second reload would cut
  // the first short.
  function reloadOnce() {
    if (reloading) return;
    reloading = true;
    location.reload();
  }
  function timing() {
    return (window.mdxTimers || []).some(function (timer) { return timer.running && timer.running(); });
  }
  function offer(registration) {
    var box = document.querySelector("[data-mdx-update]");
    if (!box || !registration.waiting || box.classList.contains("mdx-update--shown")) return;
    if (timing()) {
      setTimeout(function () { offer(registration); }, 1000);
      return;
    }
    box.classList.add("mdx-update--shown");
    // Written once the line shows, so that screen readers read it out.
    setTimeout(function () { box.querySelector(".mdx-update__text").textContent = "A new version is ready."; }, 100);
    box.querySelector("[data-action=reload]").onclick = function () {
      asked = true;
      if (registration.waiting) registration.waiting.postMessage({ update: "now" }); else reloadOnce();
    };
    box.querySelector("[data-action=later]").onclick = function () {
      box.classList.remove("mdx-update--shown");
    };
  }
  workers.addEventListener("controllerchange", function () {
    if (asked) reloadOnce();
  });

  window.addEventListener("load", function () {
    workers.register(new URL("sw.js", __md_scope).href, { scope: __md_scope.pathname })
      .then(function (registration) {
        offer(registration);
        registration.addEventListener("updatefound", function () {
          var next = registration.installing;
          if (next) next.addEventListener("statechange", function () {
            if (next.state === "installed" && workers.controller) offer(registration);
          });
        });
        return workers.ready;
      })
      .then(function (registration) {
        // What this page loaded, perhaps before the worker was there: the worker keeps it.
        var loaded = performance.getEntriesByType("resource").map(function (entry) { return entry.name; });
        registration.active.postMessage({ keep: [location.href].concat(loaded) });
        if (navigator.connection && navigator.connection.saveData) return;
        idle(function () { registration.active.postMessage({ fill: true }); });
      })
      .catch(function () {});  // offline reading is a bonus: the page works without it
  });
})();
