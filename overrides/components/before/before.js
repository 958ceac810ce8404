/* "Before you start" (before.html, macros/components/before.py). Until the reader says
   "I've read this", the page's first-screen control and the skip link lead to the block;
   after, straight to the timer's Start. The confirmation stays on this device (localStorage), one per page,
   kept as the hash of the page's safety text the build gave the block: a page whose text
   changes asks again. Storage refused: it asks every time. Nothing is sent anywhere.
   Mounted on every document$ event (main.html marks a read page before the first paint).
   On paper every line shows open (before.css). */
(function () {
  "use strict";

  var root = document.documentElement;

  // What this device keeps for the page (a hash), or `key` kept for it; "" when refused.
  function kept(key) {
    var name = "mdx-read:" + location.pathname;
    try {
      if (key) localStorage.setItem(name, key);
      return localStorage.getItem(name) || "";
    } catch (e) {
      return "";
    }
  }

  // The ways to start lead to the block, or (read) to the timer, whose Start technique.js focuses.
  function route(block, read) {
    var target = "#" + (read ? "start-timer" : block.id), skip = document.querySelector(".mdx-skip-timer");
    root.classList.toggle("mdx-read", read);
    document.querySelectorAll("a[data-mdx-first]").forEach(function (link) { link.hash = target; });
    if (skip) {
      skip.hash = target;
      skip.textContent = read ? "Skip to the timer" : "Skip to Before you start";
    }
  }

  document$.subscribe(function () {
    var block = document.querySelector("[data-mdx-before][data-key]");
    if (!block) return root.classList.remove("mdx-read");
    var key = block.dataset.key, read = kept() == key, button = block.querySelector("[data-mdx-read]");
    var note = block.querySelector(".mdx-before__note");
    route(block, read);
    note.textContent = read ? "You have read this on this device." : "";
    button.onclick = function () {
      route(block, true);
      note.textContent = kept(key) == key ? "Thank you. Next time, the way to start at the top of this page "
        + "takes you straight to the timer." : "Thank you. This browser keeps nothing, so it asks again next time.";
      // The button goes once read: the focus moves to the words that took its place, not to the page's top.
      note.focus({ preventScroll: true });
    };
  });

  // A tap on a way to the block: the block in view, and the focus on it, so that a screen
  // reader reads it next (technique.js does the same for a way to the timer).
  document.addEventListener("click", function (event) {
    var link = event.button == 0 && event.target instanceof Element && event.target.closest("a[data-mdx-start]");
    var block = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!block || !block.matches("[data-mdx-before]") || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    event.stopPropagation();
    block.scrollIntoView();
    block.focus({ preventScroll: true });
  }, true);
})();
