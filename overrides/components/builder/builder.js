/* Make your own session (builder.html, macros/components/builder/). The reader puts the site's
   timers in an order, with rests and "I'm ready" steps; the page checks the session by the
   rules every routine is checked by (`rules` below keeps macros/core/session_rules.py
   word for word: the cases in rules.yml run through both), plays it in the session player
   (timer.js with player.js, as on a routine page) and shares it by a link.

   The session travels in the link's fragment (after "#", which a browser never sends to a
   server) as timer ids and the session's own steps only; nothing from a link is ever written
   into the page as markup, only as text. The session being made is kept on this device
   (localStorage), so it is there after a reload or a visit to a technique's page.
   Loaded only by the page that has the builder (overrides/main.html), deferred, after
   player.js; mounted per element on every document$ event and at once when instant navigation
   runs it again. */
(function () {
  "use strict";
  if (window.mdxBuilder) return window.mdxBuilder.mount();

  var DRAFT = "mdx-builder-draft";

  // Durations in words, as macros/core/durations.py says them.
  function sayDuration(seconds) {
    var units = [["week", 604800], ["day", 86400]];
    for (var k = 0; k < units.length; k++) {
      if (seconds >= units[k][1] && seconds % units[k][1] == 0) {
        var count = seconds / units[k][1];
        return count + " " + units[k][0] + (count != 1 ? "s" : "");
      }
    }
    var minutes = Math.floor(seconds / 60), secs = seconds % 60, parts = [];
    if (minutes) parts.push(minutes + " minute" + (minutes != 1 ? "s" : ""));
    if (secs || !minutes) parts.push(secs + " second" + (secs != 1 ? "s" : ""));
    return parts.join(" ");
  }

  // The rules: macros/core/session_rules.py, line for line (its docstring says what
  // `steps` and `data` hold).
  function timerSeconds(steps, data) {
    return steps.map(function (step, number) {
      if ("timer" in step) {
        var timer = data.timers[step.timer], afterWait = number > 0 && "wait" in steps[number - 1];
        return timer ? timer[afterWait ? "seconds_ready" : "seconds"] : 0;
      }
      return step.rest || 0;
    });
  }
  function known(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }
  function check(steps, data, history, today) {
    var findings = [];
    var find = function (rule, step, message, level) {
      findings.push({ rule: rule, level: level || "refuse", step: step, message: message });
    };
    if (steps.length > data.max_steps) {
      find("steps", null, "The session has " + steps.length + " steps; a session may have up to " + data.max_steps + ".");
    }
    var shortest = data.rest[0], longest = data.rest[1];
    steps.forEach(function (step, number) {
      if ("timer" in step && !known(data.timers, step.timer)) {
        find("unknown-timer", number, "Step " + (number + 1) + " names a timer this site does not have (“" + step.timer
          + "”): it may have been removed. Take that step out.");
      }
      if ("rest" in step && !(shortest <= step.rest && step.rest <= longest)) {
        find("rest", number, "Step " + (number + 1) + " rests for " + sayDuration(step.rest) + "; a rest may be "
          + sayDuration(shortest) + " to " + sayDuration(longest) + ".");
      }
    });
    if (findings.length) return findings;
    var byDose = {}, order = [];
    steps.forEach(function (step, number) {
      var doseId = "timer" in step ? data.timers[step.timer].dose : null;
      if (doseId != null && known(data.doses, doseId)) {
        if (!byDose[doseId]) order.push(doseId), (byDose[doseId] = []);
        byDose[doseId].push(number);
      }
    });
    order.forEach(function (doseId) {
      var dose = data.doses[doseId], numbers = byDose[doseId], total = 0, over = null;
      var timers = numbers.map(function (n) { return data.timers[steps[n].timer]; });
      numbers.forEach(function (number, k) {
        total += timers[k].holding;
        if (over === null && total > dose.session) over = number;
      });
      if (over !== null) {
        var parts = timers.map(function (timer) { return timer.title + " " + sayDuration(timer.holding); }).join(", ");
        find("dose", over, dose.name + ": these steps hold for " + sayDuration(total) + " in all (" + parts + "); the "
          + "dose allows up to " + sayDuration(dose.session) + " in one session.");
      }
    });
    // A change of position waits for "I'm ready" (session_rules.py, `where`): a rest does not wait.
    var where = function (timer) { return timer.position || "page " + timer.page; };
    var before = null;
    steps.forEach(function (step, number) {
      if ("wait" in step) before = null;
      else if ("timer" in step) {
        var timer = data.timers[step.timer];
        if (before && where(before.timer) != where(timer)) {
          find("position", number, "Step " + (number + 1) + ", " + timer.title + ", is done "
            + (timer.position || "in another position") + " just after step " + (before.number + 1) + ", "
            + before.timer.title + " (" + (before.timer.position || "in another position") + "): add “I'm ready” "
            + "between them, so that the session waits while you move.");
        }
        before = { number: number, timer: timer };
      }
    });
    var total = timerSeconds(steps, data).reduce(function (a, b) { return a + b; }, 0);
    if (data.max_seconds !== null && total > data.max_seconds) {
      find("length", null, "The session takes " + sayDuration(total) + "; the longest a session may take is "
        + sayDuration(data.max_seconds) + ".");
    }
    order.forEach(function (doseId) {
      var dose = data.doses[doseId], numbers = byDose[doseId];
      var held = numbers.reduce(function (sum, n) { return sum + data.timers[steps[n].timer].holding; }, 0);
      if (history != null && history.indexOf(doseId) < 0 && held > dose.first_session) {
        find("first-time", numbers[0], dose.name + ": the first time, hold for up to " + sayDuration(dose.first_session)
          + " in all; these steps hold for " + sayDuration(held) + ". Choose the “First time” timers.", "advise");
      }
      var done = (today && known(today, doseId) && today[doseId]) || 0;
      if (done && done + held > dose.session) {
        find("today", numbers[0], dose.name + ": your log shows " + sayDuration(done) + " today already; with this "
          + "session it comes to " + sayDuration(done + held) + ", and a day allows up to " + sayDuration(dose.session)
          + " in all.", "advise");
      }
    });
    return findings;
  }

  // The link: "#session=" and the steps joined by ".": a timer's id, "ready", or "rest-<seconds>".
  var ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/, REST = /^rest-([0-9]{1,5})$/;
  function encode(steps) {
    return steps.map(function (step) {
      return "timer" in step ? step.timer : "rest" in step ? "rest-" + step.rest : "ready";
    }).join(".");
  }
  // The steps a link's fragment holds, or {error} saying why none can be read; null: no session in it.
  function decode(hash, link) {
    var prefix = "#" + link.key + "=";
    if (hash.indexOf(prefix) != 0) return null;
    var text = hash.slice(prefix.length);
    if (text.length > link.max_length) return { error: "This link is too long to be a session. Ask for the link again." };
    var steps = [], tokens = text ? text.split(".") : [];
    for (var k = 0; k < tokens.length; k++) {
      var token = tokens[k], rest = REST.exec(token);
      if (token == "ready") steps.push({ wait: true });
      else if (rest) steps.push({ rest: parseInt(rest[1], 10) });
      else if (ID.test(token) && token.length <= 40) steps.push({ timer: token });
      else return { error: "This link does not hold a session this page can read. Ask for the link again." };
    }
    return tokens.length ? { steps: steps } : { error: "This link holds no steps." };
  }

  function storage(value) {
    try {
      if (value === undefined) return localStorage.getItem(DRAFT);
      value === null ? localStorage.removeItem(DRAFT) : localStorage.setItem(DRAFT, value);
      return true;
    } catch (e) {
      return null;
    }
  }
  function node(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text != null) made.textContent = text;
    return made;
  }

  function Builder(el) {
    var data = JSON.parse(el.dataset.rules), spec = data.link;
    var q = function (part) { return el.querySelector(".mdx-builder__" + part); };
    var list = q("steps"), findings = q("findings"), summary = q("summary"), link = q("link"), note = q("note");
    var play = q("play"), template = play.querySelector("[data-mdx-builder-player]");
    var steps = [], player = null;
    // The build's empty player is only a pattern: out of the page, so that nothing finds it there.
    if (template) template.remove();

    // The steps as the session player takes them (macros/components/routine.py, player_steps):
    // a wait opens the timer after it, so the reader sees where they are going while they get there.
    function playerSteps() {
      var found = [], waits = [];
      steps.forEach(function (step, number) {
        var timer = data.timers[step.timer], played;
        if ("wait" in step) {
          waits.push({ name: "I'm ready", href: "#", picture: null, segments: [{ t: 0, name: "Get into position." }] });
          return;
        }
        played = timer ? {
          name: timer.title, href: timer.href, picture: timer.picture,
          segments: (number > 0 && "wait" in steps[number - 1] ? timer.segments_ready : timer.segments).slice()
        } : { name: "Rest", href: "#", picture: null, segments: [{ t: step.rest, name: "Rest" }] };
        if (waits.length && timer) {
          played.segments = [].concat.apply([], waits.map(function (w) { return w.segments; })).concat(played.segments);
        } else found = found.concat(waits);
        found.push(played);
        waits = [];
      });
      found = found.concat(waits);
      var last = steps[steps.length - 1], lastTimer = last && data.timers[last.timer];
      if (found.length && lastTimer && lastTimer.get_up) {
        var segs = found[found.length - 1].segments, end = segs[segs.length - 1];
        segs[segs.length - 1] = Object.assign({}, end, { end: "All done. To get up: " + lastTimer.get_up });
      }
      return found;
    }

    // A new player for the session: the build's empty one, given the steps (as player.html
    // writes them), then mounted by timer.js.
    function makePlayer() {
      if (player) {
        player.remove();
        player = null;
      }
      var played = playerSteps();
      if (!played.length) return;
      var made = template.cloneNode(true), head = made.querySelector(".mdx-timer__head");
      var flat = [];
      played.forEach(function (step, place) {
        step.segments.forEach(function (segment) { flat.push(Object.assign({}, segment, { s: place })); });
      });
      made.removeAttribute("data-mdx-builder-player");
      made.hidden = false;
      made.dataset.segments = JSON.stringify(flat);
      // What the reader's log counts of it (log.js): the seconds of holding, by dose.
      var held = {};
      steps.forEach(function (step) {
        var timer = data.timers[step.timer];
        if (timer && timer.dose) held[timer.dose] = (held[timer.dose] || 0) + timer.holding;
      });
      made.dataset.held = JSON.stringify(held);
      made.setAttribute("data-mdx-timer", "");
      made.querySelectorAll(".mdx-timer__picture").forEach(function (img) { img.remove(); });
      played.forEach(function (step, place) {
        if (!step.picture) return;
        var img = node("img", "mdx-timer__picture");
        img.src = step.picture;
        img.alt = "";
        img.dataset.step = place;
        img.hidden = place > 0;
        head.insertBefore(img, head.firstChild);
      });
      var ol = made.querySelector(".mdx-timer__steps");
      ol.textContent = "";
      played.forEach(function (step) {
        var li = ol.appendChild(node("li")), a = li.appendChild(node("a", null, step.name));
        a.setAttribute("href", step.href);
        li.appendChild(document.createTextNode(": " + sayDuration(step.segments.reduce(function (s, x) { return s + x.t; }, 0))));
      });
      play.appendChild(made);
      player = made;
      if (window.mdxMountTimers) window.mdxMountTimers();
    }

    // A session playing (or paused, or waiting) is not changed under the reader.
    function busy() {
      var found = (window.mdxTimers || []).filter(function (t) { return t.el == player; })[0];
      return !!found && found.phase && ["run", "pause", "wait"].indexOf(found.phase()) >= 0;
    }

    // The doses this reader has done before, from their log (log.js), for the advice on first times.
    function doneDoses() {
      return window.mdxLog ? window.mdxLog.doses() : [];
    }
    // The seconds of each dose their log shows today (by this device's calendar).
    function doneToday() {
      var found = {}, day = new Date().toDateString();
      (window.mdxLog ? window.mdxLog.read() : []).forEach(function (entry) {
        if (new Date(entry.at).toDateString() != day) return;
        Object.keys(entry.held || {}).forEach(function (id) { found[id] = (found[id] || 0) + entry.held[id]; });
      });
      return found;
    }

    function render(fromEdit) {
      var found = check(steps, data, doneDoses(), doneToday()), refused = found.some(function (f) { return f.level == "refuse"; });
      list.textContent = "";
      var seconds = timerSeconds(steps, data);
      // Each step as a routine page lists it (routine/steps.html): the same look, on screen and on paper.
      steps.forEach(function (step, number) {
        var timer = data.timers[step.timer], kind = timer || "timer" in step ? "page" : "rest" in step ? "rest" : "wait";
        var li = list.appendChild(node("li", "mdx-routine__step mdx-routine__step--" + kind));
        if (timer && timer.picture) {
          var img = li.appendChild(node("img", "mdx-routine__picture"));
          img.src = timer.picture;
          img.alt = timer.alt;
          if (timer.width) img.width = timer.width, (img.height = timer.height);
        }
        var what = li.appendChild(node("div", "mdx-routine__what"));
        if (timer) {
          what.appendChild(node("a", "mdx-routine__name", timer.title)).setAttribute("href", timer.href);
          what.appendChild(node("span", "mdx-routine__how", timer.how));
          // Just after "I'm ready" its player counts no time to get ready: nor do its words.
          var afterWait = number > 0 && "wait" in steps[number - 1];
          what.appendChild(node("span", "mdx-routine__detail", afterWait ? timer.detail_ready : timer.detail));
        } else if (kind == "page") {
          what.appendChild(node("span", "mdx-routine__name", "A timer this site does not have"));
        } else if (kind == "rest") {
          what.appendChild(node("span", "mdx-routine__name", "Rest"));
        } else {
          what.appendChild(node("span", "mdx-routine__name", "Get into position"));
          what.appendChild(node("span", "mdx-routine__detail", "Take your time: the session goes on when you tap I'm ready."));
        }
        if (seconds[number]) li.appendChild(node("span", "mdx-routine__time", sayDuration(seconds[number])));
        var tools = li.appendChild(node("div", "mdx-builder__step-tools"));
        [["up", "Up", "Move step " + (number + 1) + " up", number == 0],
         ["down", "Down", "Move step " + (number + 1) + " down", number == steps.length - 1],
         ["remove", "Remove", "Remove step " + (number + 1), false]].forEach(function (b) {
          var button = tools.appendChild(node("button", "md-button mdx-builder__move", b[1]));
          button.type = "button";
          button.dataset.action = b[0];
          button.dataset.step = number;
          button.setAttribute("aria-label", b[2]);
          if (b[3]) button.disabled = true;
        });
      });
      findings.textContent = "";
      found.forEach(function (f) {
        var p = findings.appendChild(node("p", "mdx-builder__finding mdx-builder__finding--" + f.level));
        p.appendChild(node("strong", null, f.level == "refuse" ? "Change this to play the session: " : "Advice: "));
        p.appendChild(document.createTextNode(f.message));
      });
      var total = timerSeconds(steps, data).reduce(function (a, b) { return a + b; }, 0);
      // Steps as its player counts them ("Step 1 of 3"): an "I'm ready" opens the timer after it.
      var waits = steps.filter(function (s) { return "wait" in s; }).length, played = playerSteps().length;
      summary.textContent = !steps.length ? "No steps yet: add some from the list below."
        : played + (played == 1 ? " step, " : " steps, ") + sayDuration(total)
          + (waits ? ", and the time you take at " + waits + (waits == 1 ? " pause" : " pauses") + " to get ready" : "");
      var coded = encode(steps);
      var address = location.href.split("#")[0] + (steps.length ? "#" + spec.key + "=" + coded : "");
      link.value = steps.length ? address : "";
      q("share").hidden = !steps.length;
      if (fromEdit) {
        if (storage(steps.length ? coded : null) === null) {
          note.textContent += (note.textContent ? " " : "") + "This browser keeps nothing, so your session goes when "
            + "you leave the page. Copy its link to keep it.";
        }
        if (location.hash.indexOf("#" + spec.key + "=") == 0) history.replaceState(history.state, "", location.pathname);
      }
      play.hidden = refused || !steps.length;
      if (refused || !steps.length) {
        if (player) player.remove(), (player = null);
      } else makePlayer();
      showSafety();
    }

    // The Safety section's lines the session needs (all of them while it has no steps).
    function showSafety() {
      var needed = {};
      steps.forEach(function (step) {
        (data.timers[step.timer] ? data.timers[step.timer].callouts : []).forEach(function (id) { needed[id] = true; });
      });
      document.querySelectorAll(".mdx-before__item").forEach(function (item) {
        var callout = item.querySelector("[data-mdx-callout]");
        item.hidden = steps.length > 0 && !!callout && !needed[callout.dataset.mdxCallout];
      });
    }

    // A change of the session, then `said` (a function: it reads the changed session) in the note.
    function edit(change, said) {
      if (busy()) {
        note.textContent = "Your session is playing. Press Reset in the player to change it.";
        return;
      }
      change();
      note.textContent = said ? said() : "";
      render(true);
    }

    el.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !el.contains(button)) return;
      var add = button.dataset.add, action = button.dataset.action, at = parseInt(button.dataset.step, 10);
      if (add) {
        var added = data.timers[add];
        edit(function () { steps.push({ timer: add }); }, function () {
          var played = playerSteps().length; // as the summary and the player count them
          return "Added: " + added.title + (added.label != added.title ? ", " + added.label : "") + ". Your session has "
            + played + (played == 1 ? " step." : " steps.");
        });
      } else if (action == "add-rest") edit(function () { steps.push({ rest: parseInt(q("rest").value, 10) }); });
      else if (action == "add-ready") edit(function () { steps.push({ wait: true }); });
      else if (action == "up" || action == "down") {
        var to = action == "up" ? at - 1 : at + 1;
        edit(function () { steps.splice(to, 0, steps.splice(at, 1)[0]); });
        var moved = list.querySelectorAll("[data-action=" + action + "]")[to];
        if (moved && !moved.disabled) moved.focus();
      } else if (action == "remove") edit(function () { steps.splice(at, 1); });
      else if (action == "clear") edit(function () { steps = []; });
      else if (action == "copy") {
        link.select();
        var done = function () { note.textContent = "The link is copied. It holds the steps only, nothing about you."; };
        if (navigator.clipboard) navigator.clipboard.writeText(link.value).then(done, function () {
          note.textContent = "Select the link and copy it.";
        });
        else note.textContent = "Select the link and copy it.";
      }
    });

    // Where the session comes from: a link's fragment, else what this device kept.
    function load() {
      var fromLink = decode(location.hash, spec);
      if (fromLink && fromLink.error) {
        note.textContent = fromLink.error;
        steps = [];
        return render(false);
      }
      var kept = fromLink ? null : storage();
      var fromKept = kept ? decode("#" + spec.key + "=" + kept, spec) : null;
      steps = (fromLink || (fromKept && !fromKept.error && fromKept) || { steps: [] }).steps;
      if (fromLink) {
        storage(encode(steps));
        note.textContent = "This session came with the link. Check it, then press Start.";
      }
      render(false);
    }

    q("nojs").hidden = true;
    q("yours").hidden = false;
    el.querySelectorAll("[data-add]").forEach(function (button) { button.hidden = false; });
    load();
    return { load: load };
  }

  function mount() {
    document.querySelectorAll("[data-mdx-builder]").forEach(function (el) {
      if (!el.mdxBuilder) el.mdxBuilder = Builder(el);
    });
  }
  window.addEventListener("hashchange", function () {
    document.querySelectorAll("[data-mdx-builder]").forEach(function (el) {
      if (el.mdxBuilder) el.mdxBuilder.load();
    });
  });

  window.mdxBuilder = { mount: mount, check: check, sayDuration: sayDuration, encode: encode, decode: decode };
  document$.subscribe(mount);
  mount();
})();
