/* Knotwork's timer. Mounted on every document$ event (Material sends one on the first load
   and after each instant navigation), torn down when its element has left the page.
   Time comes from an absolute end time, never from counting ticks, so it stays right when
   the tab was hidden or the phone slept, and it survives a reload (sessionStorage). */
(function () {
  "use strict";
  var LATE = 65e3; // a cue found later than this (a reload, a tab reopened) is not played
  var live = (window.mdxTimers = []); // mounted timers; the tests count them
  var owner, baseTitle, shownTitle;

  function storage(kind, key, value) {
    try {
      var s = window[kind + "Storage"];
      if (value === undefined) return s.getItem(key);
      value === null ? s.removeItem(key) : s.setItem(key, value);
    } catch (e) {
      return null;
    }
  }
  var on = function (name) { return storage("local", "mdx-timer-" + name) != "off"; };
  var clock = function (ms) {
    var s = Math.max(0, Math.ceil(ms / 1e3));
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  };
  var put = function (node, text) {
    if (node.textContent != text) node.textContent = text;
  };
  var words = function (s) {
    var m = Math.floor(s / 60), r = s % 60, say = function (n, w) { return n + " " + w + (n > 1 ? "s" : ""); };
    return [m && say(m, "minute"), r && say(r, "second")].filter(Boolean).join(" ");
  };

  function Timer(el, index) {
    var d = el.dataset, times = +d.times, unit = d.unit, rest = +d.rest, warn = +d.warn;
    var Unit = unit[0].toUpperCase() + unit.slice(1);
    var q = function (name) { return el.querySelector(".mdx-timer__" + name); };
    var time = q("time"), phase = q("phase"), state = q("state"), note = q("note"), status = q("status");
    var arc = q("arc"), panel = q("panel"), button = {}, segs = [];
    var key = "mdx-timer:" + location.pathname + "#" + index;
    var sig = [d.hold, times, rest, d.getReady].join();
    var st = { s: "idle", i: 0 }; // s: idle, run, pause or done; i: segment; e: its end; l: ms left; d: done at
    var tick, ctx, lock, last, dead, self = { el: el };

    if (+d.getReady) segs.push({ t: +d.getReady, name: "Get ready" });
    for (var n = 1; n <= times; n++) {
      segs.push({ t: +d.hold, n: n, name: times > 1 ? Unit + " " + n + " of " + times : d.label || Unit });
      if (rest && n < times) segs.push({ t: rest, name: unit == "spot" ? "Move to spot " + (n + 1) : "Rest" });
    }
    el.querySelectorAll("[data-action]").forEach(function (b) { button[b.dataset.action] = b; });

    function say(text) {
      status.textContent = text;
    }
    function beep(notes, len) {
      if (!ctx || !on("sound")) return;
      if (ctx.state != "running") ctx.resume();
      var o = ctx.createOscillator(), g = ctx.createGain(), t = ctx.currentTime;
      notes.forEach(function (f, k) {
        var at = t + k * len;
        o.frequency.setValueAtTime(f, at);
        g.gain.setValueAtTime(1e-4, at);
        g.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
        g.gain.exponentialRampToValueAtTime(1e-4, at + len - 0.02);
      });
      o.connect(g).connect(ctx.destination);
      o.start(t);
      o.stop(t + notes.length * len);
    }
    // One cue: written for screen readers, a chime, a buzz, and the words spoken.
    function cue(text, notes, buzz) {
      say(text);
      beep(notes, 0.3);
      if (navigator.vibrate) navigator.vibrate(buzz);
      var v = on("voice") && window.speechSynthesis && voice();
      if (v) {
        var u = new SpeechSynthesisUtterance(text);
        u.voice = v;
        u.lang = v.lang;
        speechSynthesis.speak(u);
      }
    }
    // A voice of this device only: a network voice would send the words to another host.
    // With none, the chime, buzz and words on screen still come.
    function voice() {
      var lang = (document.documentElement.lang || "en").toLowerCase().split("-")[0];
      var local = (speechSynthesis.getVoices ? speechSynthesis.getVoices() : []).filter(function (v) {
        return v.localService;
      });
      return local.filter(function (v) { return v.lang.toLowerCase().split(/[-_]/)[0] == lang; })[0] || null;
    }
    // Inside a tap: browsers let sound and speech start only then.
    function unlock() {
      var AC = window.AudioContext || window.webkitAudioContext;
      if (ctx && ctx.state != "running") {
        ctx.close().catch(Boolean);
        ctx = null;
      }
      if (AC && !ctx) ctx = new AC();
      if (ctx) ctx.resume();
      if (window.speechSynthesis) speechSynthesis.speak(new SpeechSynthesisUtterance(""));
    }

    function wake() {
      if (st.s != "run" || dead || document.hidden || (lock && !lock.released)) return;
      var ask = navigator.wakeLock ? navigator.wakeLock.request("screen") : Promise.reject();
      ask.then(function (l) {
        // A second request may have won, or the timer stopped meanwhile: keep one lock at most.
        if ((lock && !lock.released) || st.s != "run" || dead) return l.release().catch(Boolean);
        lock = l;
        put(note, "Your screen stays on while the timer runs.");
      }, function () {
        if (st.s == "run") put(note, "Keep your screen on: this browser cannot keep it awake for the timer.");
      });
    }
    function sleep() {
      if (lock) lock.release().catch(Boolean);
      lock = null;
    }
    function title(text) {
      if (text) {
        if (owner != self) baseTitle = owner ? baseTitle : document.title;
        owner = self;
        document.title = shownTitle = text;
      } else if (owner == self) {
        if (document.title == shownTitle) document.title = baseTitle;
        owner = null;
      }
    }

    function show() {
      var seg = segs[st.i], full = seg.t * 1e3;
      var left = { idle: full, run: st.e - Date.now(), pause: st.l, done: 0 }[st.s];
      var at = st.d && new Date(st.d).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
      var text = clock(left);
      put(time, text);
      put(phase, st.s == "done" ? "All done" : seg.name);
      put(state, { idle: "Not started", run: "Running", pause: "Paused", done: "Finished at " + at }[st.s]);
      arc.style.strokeDashoffset = 100 - (100 * left) / full;
      put(button.start, { idle: "Start", run: "Pause", pause: "Resume", done: "Start again" }[st.s]);
      button.reset.setAttribute("aria-disabled", st.s == "idle");
      button.next.setAttribute("aria-disabled", st.s == "idle" || st.s == "done");
      el.classList.toggle("mdx-timer--rest", st.s != "done" && !seg.n);
      title(st.s == "run" && text + " \u00b7 " + seg.name);
      if (st.s != "run") put(note, "");
    }
    function save() {
      storage("session", key, st.s == "idle" ? null : JSON.stringify(Object.assign({ c: sig }, st)));
    }
    // Moves through every segment end that has passed; cues only the ones just reached.
    function update(quiet) {
      var now = Date.now(), moved;
      while (st.s == "run" && now >= st.e) {
        var late = quiet || now - st.e > LATE, seg = segs[st.i], next = segs[st.i + 1];
        moved = true;
        if (next) {
          st.i++;
          st.e += next.t * 1e3;
          last = next.t + 1;
        } else {
          st.s = "done";
          st.d = st.e;
        }
        if (!late) {
          if (!next) cue("All done.", [523, 659, 784], [300, 100, 300, 100, 600]);
          else if (seg.n) cue(Unit + " " + seg.n + " done." + (d.say ? " " + d.say : "") + (next.n ? " Go: " + next.name + "." : ""), [660, 880], [300]);
          else cue("Go: " + next.name + ".", [880, 660], [300]);
        }
      }
      if (st.s == "run") {
        var sec = Math.ceil((st.e - now) / 1e3);
        if (!quiet && sec < last) {
          if (d.countDown == "true" && sec <= 3 && sec > 0) beep([990], 0.15);
          if (segs[st.i].n && warn && last > warn && sec <= warn) cue(words(warn) + " left.", [660], [200]);
        }
        last = sec;
      } else if (moved) stop();
      if (moved) save();
      show();
      // Wake up again when the shown second changes (or a segment ends), not on a fixed beat.
      clearTimeout(tick);
      if (st.s == "run") tick = setTimeout(update, (st.e - now) % 1e3 || 1e3);
    }
    function run() {
      st.s = "run";
      save();
      wake();
      update();
    }
    function stop() {
      clearTimeout(tick);
      sleep();
      save();
      show();
    }

    button.start.addEventListener("click", function () {
      var now = Date.now();
      update();
      if (st.s == "run") {
        st = { s: "pause", i: st.i, l: st.e - now };
        return stop();
      }
      unlock();
      if (st.s == "pause") st.e = now + st.l;
      else {
        st = { i: 0, e: now + segs[0].t * 1e3 };
        say("Started. " + segs[0].name + ".");
      }
      last = Math.ceil((st.e - now) / 1e3);
      run();
    });
    button.reset.addEventListener("click", function () {
      if (st.s == "idle") return;
      st = { s: "idle", i: 0 };
      stop();
    });
    button.next.addEventListener("click", function () {
      update();
      if (st.s != "run" && st.s != "pause") return;
      var next = segs[st.i + 1], now = Date.now();
      if (!next) {
        st = { s: "done", i: st.i, d: now };
        say("All done.");
        return stop();
      }
      unlock();
      st.i++;
      st.e = now + next.t * 1e3;
      st.l = next.t * 1e3;
      last = next.t + 1;
      say(next.name + ".");
      st.s == "run" ? run() : stop();
    });
    el.querySelectorAll("[data-option]").forEach(function (box) {
      var name = box.dataset.option;
      box.checked = on(name);
      box.parentNode.hidden = !(name == "voice" ? window.speechSynthesis : window.AudioContext || window.webkitAudioContext);
      box.addEventListener("change", function () {
        storage("local", "mdx-timer-" + name, box.checked ? "on" : "off");
        document.querySelectorAll("[data-option=" + name + "]").forEach(function (b) { b.checked = box.checked; });
        if (box.checked) unlock();
      });
    });
    function visible() {
      if (document.hidden || st.s != "run") return;
      wake();
      update();
      // Sound can come back from the background stuck; the next tap starts it afresh.
      if (ctx && ctx.state != "running") document.addEventListener("pointerdown", unlock, { once: true });
    }
    document.addEventListener("visibilitychange", visible);

    // Restore what this tab left: a running timer catches up without cues; sound comes
    // back at the reader's next tap.
    try {
      var saved = JSON.parse(storage("session", key));
      if (saved && saved.c == sig && segs[saved.i]) st = saved;
    } catch (e) {}
    if (st.s == "run") {
      document.addEventListener("pointerdown", unlock, { once: true });
      update(true);
      if (st.s == "run") run();
    }
    show();
    panel.hidden = false;

    // Whether this timer is counting now: an update of the site waits until none is.
    self.running = function () {
      return st.s == "run";
    };
    self.destroy = function () {
      dead = true;
      clearTimeout(tick);
      sleep();
      title();
      if (ctx) ctx.close().catch(Boolean);
      if (window.speechSynthesis) speechSynthesis.cancel();
      document.removeEventListener("visibilitychange", visible);
      document.removeEventListener("pointerdown", unlock);
    };
    return self;
  }

  document$.subscribe(function () {
    for (var i = live.length; i--; ) {
      if (!live[i].el.isConnected) live.splice(i, 1)[0].destroy();
    }
    document.querySelectorAll("[data-mdx-timer]").forEach(function (el, index) {
      if (!el.mdxTimer) live.push((el.mdxTimer = Timer(el, index)));
    });
  });
})();
