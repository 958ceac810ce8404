/* The reader's log, kept on this device only (localStorage, `mdx-log`): when a timer or a
   session ends (timer.js sends "mdx-timer-done"), "Note it in your log", with how it feels
   before and now. For a reader who has a log, advice.js gives its advice at the top of each
   page, with the numbers and words of doses.yml the build writes into it (macros/components/
   log.py). "Your log" (log-page.js) lists, exports, imports and deletes it. */
(function () {
  "use strict";
  var KEY = "mdx-log";
  var MAX_SCORE = 10; // how it feels: 0 (no pain) to this, the usual pain scale
  // Every entry: {at: ms, title, held: {dose id: seconds of holding}, before, after: 0-10 or null}.
  function read() {
    try {
      var entries = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(entries) ? entries : [];
    } catch (e) {
      return [];
    }
  }
  // False when this browser keeps nothing (private browsing, storage full).
  function write(entries) {
    try {
      entries.length ? localStorage.setItem(KEY, JSON.stringify(entries)) : localStorage.removeItem(KEY);
      return true;
    } catch (e) {
      return false;
    }
  }
  // The seconds of holding a timer that has just ended counts, by dose.
  function held(el) {
    if (el.dataset.held) return JSON.parse(el.dataset.held);
    var card = document.querySelector("[data-mdx-dose]"), found = {};
    if (card && el.dataset.hold) found[card.dataset.mdxDose] = el.dataset.hold * el.dataset.times;
    return found;
  }
  function make(tag, text, className) {
    var made = document.createElement(tag);
    if (text) made.textContent = text;
    if (className) made.className = className;
    return made;
  }
  function choice(label, max) {
    var wrap = make("label", label + " "), select = wrap.appendChild(make("select"));
    select.appendChild(make("option", "–")).value = "";
    for (var n = 0; n <= max; n++) select.appendChild(make("option", String(n))).value = n;
    return wrap;
  }

  // "Note it in your log", in the timer that has just ended.
  document.addEventListener("mdx-timer-done", function (event) {
    var el = event.target, old = el.querySelector(".mdx-log-done");
    if (old) old.remove();  // ended again: a new note
    var box = make("div", null, "mdx-log-done"), max = MAX_SCORE;
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Note it in your log");
    box.appendChild(make("p", "Done. Note it in your log? How it feels, from 0 (no pain) to " + max + ", if you like:"));
    var before = box.appendChild(choice("Before", max)).lastChild, after = box.appendChild(choice("Now", max)).lastChild;
    var button = box.appendChild(make("button", "Note it", "md-button"));
    var note = box.appendChild(make("p", null, "mdx-log-done__note"));
    note.setAttribute("role", "status");
    note.tabIndex = -1; // where the focus goes when "Note it" is done and can be pressed no more
    button.type = "button";
    button.addEventListener("click", function () {
      var heading = document.querySelector(".md-content__inner > h1"), label = el.dataset.label;
      var title = heading ? [].filter.call(heading.childNodes, function (n) {
        return !(n.classList && n.classList.contains("headerlink"));  // the heading's "¶"
      }).map(function (n) { return n.textContent; }).join("").trim() : document.title;
      var entry = {
        at: Date.now(), title: title + (label ? ": " + label : ""),
        held: held(el), before: before.value === "" ? null : +before.value, after: after.value === "" ? null : +after.value
      };
      var ok = write(read().concat([entry]));
      note.textContent = ok ? "Noted in your log on this device." : "This browser keeps nothing, so it could not be noted.";
      if (ok) {
        button.disabled = true;
        note.focus();
      }
    });
    (el.querySelector(".mdx-timer__panel") || el).appendChild(box);
  });

  window.mdxLog = {
    read: read, write: write, make: make, maxScore: MAX_SCORE,
    // The doses this device's log has seen: "Make your own session" gives first-time advice for the others.
    doses: function () {
      var seen = {};
      read().forEach(function (entry) { Object.keys(entry.held || {}).forEach(function (id) { seen[id] = true; }); });
      return Object.keys(seen);
    }
  };
  // The advice (advice.js) is loaded only for a reader who has a log: the others' pages stay light.
  // It comes from beside this script, and the offline copy keeps it as it keeps every file.
  var bundle = document.currentScript && document.currentScript.src;
  document$.subscribe(function () {
    if (window.mdxLogAdvice) return window.mdxLogAdvice.show();
    if (!read().length || !bundle || document.querySelector("script[data-mdx-log-advice]")) return;
    var script = document.createElement("script");
    script.src = bundle.replace(/assets\/knotwork\.min\.js.*$/, "components/log/advice.min.js");
    script.dataset.mdxLogAdvice = "";
    document.head.appendChild(script);
  });
})();
