/* The ways to the page's first timer, which the build marks with the id in TIMER (see
   macros/components/technique/start.py): a technique header's "Go to the timer", and "Skip to the timer", the
   second skip link after Material's "Skip to content".

   The header's link works without JavaScript (a plain jump to the timer's place). The skip
   link is made here, on every document$ event, inside Material's skip component (which
   instant navigation replaces with the next page's): only a page with a timer gets one, and
   without JavaScript there is no Start button to skip to. Both links put the focus on the
   timer's Start button, so the very next key press (or tap) starts it. */
(function () {
  "use strict";

  var TIMER = "start-timer";

  function addSkipLink() {
    var place = document.querySelector('[data-md-component="skip"]');
    if (!place || !document.getElementById(TIMER) || place.querySelector(".mdx-skip-timer")) return;
    var link = document.createElement("a");
    link.href = "#" + TIMER;
    link.className = "md-skip mdx-skip-timer";
    link.setAttribute("data-mdx-start", "");
    link.textContent = "Skip to the timer";
    place.appendChild(link);
  }

  function startButton(link) {
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    var button = target && target.querySelector('[data-action="start"]');
    // A timer whose script has not shown its controls: the plain jump is all there is.
    return button && button.getClientRects().length ? button : null;
  }

  // One listener on the document, in the capture phase: it outlives instant navigation, and
  // runs before Material's own handling of links.
  document.addEventListener("click", function (event) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target instanceof Element && event.target.closest("a[data-mdx-start]");
    var button = link && link.hash && startButton(link);
    if (!button) return;
    event.preventDefault();
    event.stopPropagation();
    // The whole timer in view (its time and its buttons), clear of the sticky header; on a
    // screen too low for all of it, focus() then brings the button itself into view.
    button.closest("[data-mdx-timer]").scrollIntoView({ block: "center" });
    button.focus();
  }, true);

  // Material's bundle comes before this one (knotwork.min.js, overrides/main.html): document$ is there.
  document$.subscribe(addSkipLink);
})();
