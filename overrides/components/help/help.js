/* "Get help now" (help.html, open.html). A link to the panel shows it with no script (the
   browser's :target); this makes the header's link a disclosure: it opens and closes the
   panel where the reader is, puts the focus in it, and Escape, Close, a tap outside or
   another page closes it. A link to it elsewhere (beside every timer) opens it. */
(function () {
  "use strict";

  function show(open, back) {
    var help = document.querySelector("[data-mdx-help]"), control = document.querySelector(".mdx-help__open");
    if (!help || !control) return;
    help.classList.toggle("mdx-help--open", open);
    control.setAttribute("aria-expanded", open);
    if (open) help.focus();
    else if (back) control.focus();
  }
  function shown() {
    return !!document.querySelector(".mdx-help--open");
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : document.body;
    var opener = target.closest("[data-mdx-help-open]"), closer = target.closest("[data-mdx-help-close]");
    if (opener || closer) {
      event.preventDefault();
      event.stopPropagation();
      show(!closer && !(shown() && opener.matches(".mdx-help__open")), true);
    } else if (shown() && !target.closest("[data-mdx-help]")) show(false);
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key == "Escape" && shown()) show(false, true);
  });

  document$.subscribe(function () { show(false); });
})();
