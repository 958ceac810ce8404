/* The session player's part of a timer: its steps in what is said and shown ("Step 2 of 4",
   the step's name as a link to its page, the time left, "Next: …", one picture a step) and
   Back. timer.js plays the segments, cues, keeps the screen on, restores a reload and keeps a
   running session going while the reader is on another page; for each player it mounts, it
   calls window.mdxPlayer with the player's element and what of the timer this needs.

   Only the pages that show a player load this (overrides/main.html), deferred: on a page
   load it runs before the first document$ event. After an instant navigation to such a page,
   Material runs it again, but may send document$ before it has loaded (Material waits for
   the content's last script only, and its own inline script comes last): timer.js leaves the
   player alone until this has run, and this then mounts it. Running again changes nothing:
   mdxPlayer is the same, mounting leaves what is mounted alone, and a session that went on
   while the reader was away keeps what it had. */
window.mdxPlayer = function (el, timer) {
  "use strict";
  var segs = timer.segs, put = timer.put, clock = timer.clock;
  // The steps' names and links come from the list of steps, which is also what shows
  // without JavaScript and in print.
  var steps = [].map.call(el.querySelectorAll(".mdx-timer__steps a"), function (a) {
    return { name: a.textContent, href: a.getAttribute("href") };
  });
  var name, count, left, coming, back;

  // A segment's name, with its step's ("Chest stretch: Hold 1 of 3"), unless it is said from
  // within that step (`from`).
  function named(i, from) {
    var seg = segs[i], step = from != seg.s && steps[seg.s];
    return step && step.name != seg.name ? step.name + ": " + seg.name : seg.name;
  }
  // Milliseconds of the segments after segment i (of step s only, when given).
  function after(i, s) {
    for (var x = 0; ++i < segs.length; ) if (s == null || segs[i].s == s) x += segs[i].t;
    return x * 1e3;
  }

  return {
    named: named,
    // What is said, when segment `seg` ends, of a next segment in another step.
    next: function (seg, next) {
      return next.s != seg.s ? " Next: " + steps[next.s].name + "." : "";
    },
    attach: function (node) {
      var q = function (part) { return node.querySelector(".mdx-timer__" + part); };
      el = node;
      name = q("name"), count = q("count"), left = q("left"), coming = q("coming");
      back = node.querySelector("[data-action=back]");
    },
    // `ms`: what is left of the segment shown.
    show: function (progress, ms) {
      var seg = segs[progress.segment];
      var ahead = function (s) { return clock(progress.phase == "done" ? 0 : ms + after(progress.segment, s)); };
      back.setAttribute("aria-disabled", progress.phase == "idle" || progress.phase == "done");
      name.setAttribute("href", steps[seg.s].href);
      put(name, steps[seg.s].name);
      put(count, "Step " + (seg.s + 1) + " of " + steps.length);
      put(left, "Left: " + ahead(seg.s) + " of this step, " + ahead() + " in all");
      put(coming, progress.phase == "done" ? "" : segs[progress.segment + 1] ? "Next: " + named(progress.segment + 1, seg.s) : "Next: the end");
      el.querySelectorAll(".mdx-timer__picture").forEach(function (img) { img.hidden = img.dataset.step != seg.s; });
    },
    // Well into a segment (3 s or more), Back starts it again; otherwise it goes to the one before.
    back: function () {
      timer.update();
      var progress = timer.progress();
      if (progress.phase == "idle" || progress.phase == "done") return;
      timer.unlock();
      var seg = segs[progress.segment];
      var gone = { run: seg.t * 1e3 - progress.endsAt + Date.now(), pause: seg.t * 1e3 - progress.msLeft }[progress.phase] || 0;
      var i = gone < 3e3 && progress.segment ? progress.segment - 1 : progress.segment;
      timer.say(named(i) + ".");
      timer.go(i, progress.phase == "pause");
    }
  };
};

// After an instant navigation: the player that waited for this (see above).
if (window.mdxMountTimers) window.mdxMountTimers();
