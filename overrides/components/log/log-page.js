/* "Your log" (log.html, macros/components/log.py): the entries log.js keeps on this device,
   newest first; export as CSV and JSON (made here, saved by the browser: nothing is sent);
   import of a JSON export, every value checked and written as text only (a file from
   anywhere must not put markup in the page); one step that deletes all the site keeps on the
   device; and reminders for a dose's rhythm as a calendar file (.ics).
   Loaded by this page only (overrides/main.html), deferred; mounted on every document$ event
   and at once when instant navigation runs it again. */
(function () {
  "use strict";
  if (window.mdxLogPage) return window.mdxLogPage.mount();

  var log = window.mdxLog, make = log.make;
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  function when(ms) {
    return new Date(ms).toLocaleString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric",
      hour: "2-digit", minute: "2-digit" });
  }
  function save(name, type, text) {
    var link = make("a"), url = URL.createObjectURL(new Blob([text], { type: type }));
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 0);
  }

  // An imported entry as log.js keeps one, or null: only known keys, each of its type and range.
  function clean(entry, limits) {
    var score = function (v) { return v === null || v === undefined ? null : Number.isInteger(v) && v >= 0 && v <= log.maxScore ? v : NaN; };
    if (!entry || typeof entry != "object") return null;
    var at = entry.at, title = entry.title, held = entry.held || {}, found = {};
    if (!Number.isFinite(at) || at < Date.UTC(2000, 0, 1) || at > Date.now() + 864e5) return null;
    if (typeof title != "string" || !title.trim() || title.length > 200) return null;
    if (typeof held != "object" || Array.isArray(held)) return null;
    for (var id in held) {
      if (!Object.prototype.hasOwnProperty.call(held, id)) continue;
      if (!SLUG.test(id) || !Number.isInteger(held[id]) || held[id] < 0 || held[id] > 86400) return null;
      found[id] = held[id];
    }
    var before = score(entry.before), after = score(entry.after);
    if (Number.isNaN(before) || Number.isNaN(after)) return null;
    return { at: at, title: title.trim(), held: found, before: before, after: after };
  }
  // The entries in a JSON export, or a message saying why they cannot be read.
  function fromFile(text, limits) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return { error: "This file is not a log exported from this site (it is not JSON)." };
    }
    var entries = data && data.knotwork_log;
    if (!Array.isArray(entries)) return { error: "This file is not a log exported from this site." };
    if (entries.length > limits.max_entries) return { error: "This file holds more entries than a log can." };
    var found = entries.map(function (entry) { return clean(entry, limits); });
    var bad = found.indexOf(null);
    if (bad >= 0) return { error: "Entry " + (bad + 1) + " of this file cannot be read, so nothing was imported." };
    return { entries: found };
  }

  function csvCell(value) {
    var text = value == null ? "" : String(value);
    // A cell a spreadsheet would run as a formula starts with a quote mark.
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function csv(entries) {
    var rows = [["when", "what", "held_seconds", "before", "after"]];
    entries.forEach(function (e) {
      var held = Object.keys(e.held || {}).map(function (id) { return id + " " + e.held[id]; }).join("; ");
      rows.push([new Date(e.at).toISOString(), e.title, held, e.before, e.after]);
    });
    return rows.map(function (row) { return row.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  // Reminders: an event on each day the dose allows (every day, or every other day, and so on)
  // from tomorrow at `time`, up to the dose's "no better after", which has the last, saying what to do.
  function ics(dose, time, now) {
    var pad = function (n) { return ("0" + n).slice(-2); };
    var stamp = function (d) { return d.getFullYear() + pad(d.getMonth() + 1) + pad(d.getDate()) + "T" + time.replace(":", "") + "00"; };
    var text = function (s) { return s.replace(/[\\;,]/g, function (c) { return "\\" + c; }).replace(/\n/g, "\\n"); };
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Knotwork//Reminders//EN", "CALSCALE:GREGORIAN"];
    var start = new Date(now), made = new Date(now).toISOString().replace(/[-:]/g, "").slice(0, 15) + "Z";
    var event = function (day, summary, description) {
      var d = new Date(start.getFullYear(), start.getMonth(), start.getDate() + day);
      lines.push("BEGIN:VEVENT", "UID:knotwork-" + made + "-" + day, "DTSTAMP:" + made, "DTSTART:" + stamp(d),
        "DURATION:PT15M", "SUMMARY:" + text(summary), "DESCRIPTION:" + text(description), "END:VEVENT");
    };
    for (var day = 1; day < dose.no_better_days; day += dose.days_between + 1) {
      event(day, dose.name, dose.how_often + " Stop if it makes things worse.");
    }
    event(dose.no_better_days, "Is it any better? " + dose.name, dose.no_better);
    lines.push("END:VCALENDAR");
    return lines.join("\r\n") + "\r\n";
  }

  function Page(el) {
    var rules = JSON.parse(el.dataset.rules), q = function (part) { return el.querySelector(".mdx-log__" + part); };
    var list = q("entries"), note = q("note"), summary = q("summary"), confirm = q("confirm");

    function render() {
      var entries = log.read().slice().sort(function (a, b) { return b.at - a.at; });
      list.textContent = "";
      entries.forEach(function (entry) {
        var li = list.appendChild(make("li"));
        li.appendChild(make("strong", when(entry.at)));
        var scores = [entry.before != null && "before " + entry.before, entry.after != null && "after " + entry.after]
          .filter(Boolean).join(", ");
        li.appendChild(document.createTextNode(": " + entry.title + (scores ? " (how it felt: " + scores + ")" : "") + "."));
      });
      summary.textContent = entries.length
        ? "Your log has " + entries.length + (entries.length == 1 ? " entry" : " entries") + ", newest first."
        : "Your log is empty. When a timer or a session ends, tap “Note it” to add it here.";
    }

    el.addEventListener("click", function (event) {
      var action = (event.target.closest("[data-action]") || {}).dataset;
      action = action && action.action;
      var entries = log.read();
      if (action == "csv") save("knotwork-log.csv", "text/csv", csv(entries));
      else if (action == "json") save("knotwork-log.json", "application/json", JSON.stringify({ knotwork_log: entries }, null, 1));
      else if (action == "delete") {
        confirm.hidden = false;
        confirm.focus();
        note.textContent = "This deletes your log, your own session and every setting this site keeps here. It cannot be undone.";
      } else if (action == "confirm") {
        [localStorage, sessionStorage].forEach(function (store) {
          try {
            Object.keys(store).filter(function (key) { return key.indexOf("mdx-") == 0; }).forEach(function (key) { store.removeItem(key); });
          } catch (e) {}
        });
        confirm.hidden = true;
        note.textContent = "Deleted. This site keeps nothing on this device now.";
        render();
      } else if (action == "ics") {
        var dose = rules.doses[q("dose").value], time = q("time").value || "18:00";
        if (dose && /^\d\d:\d\d$/.test(time)) save("knotwork-reminders.ics", "text/calendar", ics(dose, time, Date.now()));
      }
    });

    el.querySelector("input[type=file]").addEventListener("change", function (event) {
      var file = event.target.files[0];
      event.target.value = "";
      if (!file) return;
      if (file.size > rules.limits.max_kb * 1024) {
        note.textContent = "This file is too big to be a log exported from this site.";
        return;
      }
      file.text().then(function (text) {
        var found = fromFile(text, rules.limits);
        if (found.error) return (note.textContent = found.error);
        var seen = {}, merged = log.read().concat(found.entries).filter(function (entry) {
          var key = entry.at + "|" + entry.title;
          return !seen[key] && (seen[key] = true);
        });
        var added = merged.length - log.read().length;
        note.textContent = log.write(merged)
          ? "Imported: " + added + (added == 1 ? " new entry." : " new entries.")
          : "This browser keeps nothing, so the log could not be imported.";
        render();
      });
    });

    q("nojs").hidden = true;
    q("main").hidden = false;
    render();
    return { render: render };
  }

  function mount() {
    document.querySelectorAll("[data-mdx-log-page]").forEach(function (el) {
      if (!el.mdxLogPage) el.mdxLogPage = Page(el);
    });
  }
  window.mdxLogPage = { mount: mount, csv: csv, ics: ics, fromFile: fromFile };
  document$.subscribe(mount);
  mount();
})();
