// Site-wide behaviour that belongs to no component. Mounted on every document$ event so it
// survives instant navigation.
document$.subscribe(function () {
  // Material wraps a wide table in a box that scrolls sideways: let the keyboard reach it
  // (WCAG 2.1.1; axe rule scrollable-region-focusable).
  document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (box) {
    box.tabIndex = 0;
  });
});
