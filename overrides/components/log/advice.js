/* The reader's log's advice (log.js loads this only when the reader has a log), at the top of a
   page: a dose done again too soon after the last day with it (its `days_between`), the day's
   limit reached (its `session`), and when the log goes back as far as a dose's "no better
   after" with scores no better, to see a GP or a physiotherapist, with the reason. Advice,
   never a lock. Runs on every document$ event; log.js calls `show` after an instant navigation. */
(function () {
  "use strict";
  var DAY = 864e5, log = window.mdxLog, make = log.make;
  // The doses' rhythm, limits and "no better after", from doses.yml: the build writes them here.
  var RULES = "@LOG_RULES@";

  // Whole days from a to b, by the calendar of this device (midnight to midnight).
  function daysFrom(a, b) {
    var day = function (ms) { var d = new Date(ms); return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()); };
    return Math.round((day(b) - day(a)) / DAY);
  }
  function score(entry) {
    return entry.after != null ? entry.after : entry.before;
  }
  function mean(list) {
    return list.length ? list.reduce(function (a, b) { return a + b; }, 0) / list.length : null;
  }

  // What the log says at `now`: the doses done again too soon (`soon`), seconds held today by
  // dose (`today`), and {days, first, last, says} when it is time to get help (`help`).
  function advice(entries, rules, now) {
    var found = { soon: [], today: {}, help: null }, first = null;
    Object.keys(rules.doses).forEach(function (id) {
      var dose = rules.doses[id], last = null;
      entries.forEach(function (entry) {
        if (!entry.held || entry.held[id] == null) return;
        var ago = daysFrom(entry.at, now);
        if (ago == 0) found.today[id] = (found.today[id] || 0) + entry.held[id];
        else if (ago > 0 && (last === null || ago < last)) last = ago;
        if (first === null || entry.at < first.at) first = { at: entry.at, dose: dose };
      });
      if (dose.days_between && last !== null && last <= dose.days_between) found.soon.push({ id: id, ago: last });
    });
    if (first && daysFrom(first.at, now) >= first.dose.no_better_days) {
      var span = rules.limits.compare_days, end = Math.max.apply(null, entries.map(function (e) { return e.at; }));
      var scored = entries.filter(function (e) { return score(e) != null; });
      var early = mean(scored.filter(function (e) { return daysFrom(first.at, e.at) < span; }).map(score));
      var late = mean(scored.filter(function (e) { return daysFrom(e.at, end) < span; }).map(score));
      if (early !== null && late !== null && late >= early) {
        found.help = { days: daysFrom(first.at, now), first: early, last: late, says: first.dose.no_better };
      }
    }
    return found;
  }

  // The log's advice at the top of the page, for the doses this page shows (every dose on Your
  // log and Make your own session), and the get-help card on every page.
  function show() {
    var known = RULES, top = document.querySelector(".md-content__inner > h1");
    document.querySelectorAll(".mdx-log-advice").forEach(function (old) { old.remove(); });
    if (!known || !top) return;
    var found = advice(log.read(), known, Date.now()), here = {};
    document.querySelectorAll("[data-mdx-dose], [data-mdx-often]").forEach(function (el) {
      here[el.dataset.mdxDose || el.dataset.mdxOften] = true;
    });
    // Your log and Make your own session are about every dose: the reader picks from all of them there.
    if (document.querySelector("[data-mdx-log-page], [data-mdx-builder]")) {
      Object.keys(known.doses).forEach(function (id) { here[id] = true; });
    }
    var lines = [];
    if (found.help) {
      var help = found.help;
      lines.push(["Time to get help: ", "your log goes back " + help.days + " days, and how it feels is no better (about "
        + Math.round(help.first) + " at first, " + Math.round(help.last) + " lately): " + help.says]);
    }
    found.soon.forEach(function (soon) {
      var dose = known.doses[soon.id];
      if (here[soon.id]) {
        lines.push(["From your log: ", dose.name + ", done " + (soon.ago == 1 ? "yesterday" : soon.ago + " days ago")
          + ". " + dose.how_often]);
      }
    });
    Object.keys(found.today).forEach(function (id) {
      var dose = known.doses[id];
      if (here[id] && found.today[id] >= dose.session) {
        lines.push(["From your log: ", dose.name + ": you have done the day's " + dose.session_says + " already."]);
      }
    });
    lines.reverse().forEach(function (line) {
      var box = make("p", null, "mdx-log-advice" + (line[0].indexOf("help") > 0 ? " mdx-log-advice--help" : ""));
      box.setAttribute("role", "note");
      box.appendChild(make("strong", line[0]));
      box.appendChild(document.createTextNode(line[1]));
      top.insertAdjacentElement("afterend", box);
    });
    document.documentElement.dataset.mdxLogAdvice = "shown";  // for the tests: the advice is in place
  }

  window.mdxLogAdvice = { advice: advice, daysFrom: daysFrom, show: show };
  show();
})();
