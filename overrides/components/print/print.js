/* The "Print this page" button. The page holds only its place ([data-mdx-print]); the
   button is made here, so a reader without JavaScript never sees a button that does
   nothing. Mounted on every document$ event (Material sends one on the first load and after
   each instant navigation); a place that already has its button is left alone. */
(function () {
  "use strict";

  function mount(place) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "mdx-print-button__button";
    button.textContent = place.getAttribute("data-mdx-print-label") || "Print this page";
    button.addEventListener("click", function () {
      window.print();
    });
    place.appendChild(button);
    place.mdxPrint = button;
  }

  function mountAll() {
    if (typeof window.print !== "function") return;
    document.querySelectorAll("[data-mdx-print]").forEach(function (place) {
      if (!place.mdxPrint) mount(place);
    });
  }

  // Material's bundle comes before this one (knotwork.min.js, overrides/main.html): document$ is there.
  document$.subscribe(mountAll);
})();
