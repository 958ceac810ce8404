/* Knotwork's timer. Mounted on every document$ event (Material sends one on the first load
   and after each instant navigation), torn down when its element has left the page, unless it
   is running (it goes on, with a bar that leads back) or ended away (its "Note it" waits).
   Time comes from an absolute end time, never from counting ticks, so it stays right when
   the tab was hidden or the phone slept, and it survives a reload (sessionStorage).
   A session player (routine pages) is a timer too, with its steps added by player.js,
   which only the pages that show one load. */
(function () {
  "use strict";
  var LATE = 65e3; // a cue found later than this (a reload, a tab reopened) is not played
  var live = (window.mdxTimers = []); // mounted timers; the tests count them
  var owner, baseTitle, shownTitle, barOwner;

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
    if (node && node.textContent != text) node.textContent = text; // a timer from another page has no parts
  };
  var words = function (s) {
    var m = Math.floor(s / 60), r = s % 60, say = function (n, w) { return n + " " + w + (n > 1 ? "s" : ""); };
    return [m && say(m, "minute"), r && say(r, "second")].filter(Boolean).join(" ");
  };

  // A timer plays the list of segments its markup gives (macros/components/timer.py makes it at build
  // time): one timer's holds and rests, or for a session player the segments of every step,
  // each marked with its step ("s"). A segment of 0 seconds waits for the reader's "I'm ready".
  // `Player` (player.js, for a session player) adds the steps to what is said and shown.
  // The slim bar at the foot of the screen while a timer or a session goes on and the reader
  // is on another page: what is playing, and the way back to it. No text: no bar.
  // `what` is "session" (a routine's or the reader's own) or "timer" (a technique's).
  function sessionBar(text, href, what) {
    var bar = document.querySelector(".mdx-session");
    if (!text) return bar && bar.remove();
    if (!bar) {
      bar = document.createElement("p");
      bar.className = "mdx-session";
      bar.appendChild(document.createElement("span")).className = "mdx-session__now";
      bar.appendChild(document.createElement("a")).className = "mdx-session__back";
      document.body.appendChild(bar);
    }
    put(bar.firstChild, what.charAt(0).toUpperCase() + what.slice(1) + " running: " + text);
    put(bar.lastChild, "Back to the " + what);
    bar.lastChild.setAttribute("href", href);
  }

  // The title of the page a timer is on, as its heading shows it (without the heading's "¶").
  function pageName() {
    var heading = document.querySelector(".md-content__inner h1");
    if (!heading) return "";
    heading = heading.cloneNode(true);
    heading.querySelectorAll(".headerlink").forEach(function (link) { link.remove(); });
    return heading.textContent.trim();
  }

  // `left`: what a timer saved on another page that the reader then left by a full load (see
  // takeUpLeft); `el` then stands for it, out of the document, with its segments only.
  function Timer(el, key, Player, left) {
    var segs = JSON.parse(el.dataset.segments), sig = el.dataset.segments;
    var home = left ? left.home : location.pathname + (el.id ? "#" + el.id : ""); // where it lives, for the way back
    var from = left ? left.from : Player ? "" : pageName(); // a player names each step's page itself
    var time, phase, state, note, status, arc, button;
    // Where the timer is: its phase (idle, run, pause, wait or done) and segment, and by phase
    // when the segment ends (endsAt), what was left of it when paused (msLeft), when it all ended
    // (doneAt); times in ms since 1970. Kept in sessionStorage for a reload.
    var progress = { phase: "idle", segment: 0 };
    var tick, ctx, lock, last, dead, self = { key: key, sig: sig };
    var unnoted; // it ended while the reader was on another page: "Note it" waits for their return
    var busy = function () { return progress.phase == "run" || progress.phase == "wait"; };
    var player = Player ? Player(el, {
      segs: segs, put: put, clock: clock, say: say, unlock: unlock, update: update, go: go,
      progress: function () { return progress; }
    }) : null;

    function say(text) {
      if (status) status.textContent = text;
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
    // "Spoken words" only where this device has a voice for the page; otherwise the page says
    // so. Browsers list their voices late: decide once they have (never "none" on an empty
    // first list, which would show and then take back the words).
    function voices(option) {
      var check = function () {
        var listed = speechSynthesis.getVoices ? speechSynthesis.getVoices() : [];
        if (!listed.length) return;
        var none = !voice();
        option.hidden = none;
        el.querySelector(".mdx-timer__no-voice").hidden = !none;
      };
      check();
      if (speechSynthesis.addEventListener) speechSynthesis.addEventListener("voiceschanged", check);
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
      // Its button goes once the tap is over: gone at the tap's start, the page could shift
      // under the finger (at the foot of a page) and the tap miss what it was for.
      if (button && button.sound && !button.sound.hidden) {
        document.addEventListener("click", function () { button.sound.hidden = true; }, { once: true });
      }
    }

    // Also the "Keep the screen on" button's tap: after a reload some browsers (WebKit) grant
    // the lock only inside a tap.
    function wake() {
      if (!busy() || dead || document.hidden || (lock && !lock.released)) return;
      var ask = navigator.wakeLock ? navigator.wakeLock.request("screen") : Promise.reject();
      ask.then(function (l) {
        // A second request may have won, or the timer stopped meanwhile: keep one lock at most.
        if ((lock && !lock.released) || !busy() || dead) return l.release().catch(Boolean);
        lock = l;
        put(note, "Your screen stays on while the timer runs.");
        if (button.wake) button.wake.hidden = true;
      }, function () {
        if (!busy()) return;
        put(note, "Keep your screen on: this browser did not keep it awake for the timer.");
        if (button.wake) button.wake.hidden = !navigator.wakeLock;
      });
    }
    function sleep() {
      if (lock) lock.release().catch(Boolean);
      lock = null;
    }
    function title(text) {
      if (document.title != shownTitle) baseTitle = document.title; // the page's own (a navigation sets it)
      if (text) {
        owner = self;
        document.title = shownTitle = text;
      } else if (owner == self) {
        owner = null;
        document.title = baseTitle;
      }
    }

    // A segment's name (a player's says its step's too: "Chest stretch: Hold 1 of 3").
    function named(i) {
      return player ? player.named(i) : segs[i].name;
    }
    // The words said when segment `seg` ends and `next` begins.
    function ending(seg, next) {
      if (!next) return seg.end || "All done."; // a session's last words: how to get up, where it ends on the floor
      var other = player ? player.next(seg, next) : ""; // a player's " Next: Chest stretch."
      var text = (seg.n ? (seg.done || seg.name + " done.") + (seg.say ? " " + seg.say : "") : "") + other;
      // A wait's words may be sentences of their own ("Sit on a chair.").
      if (!next.t) text += " " + next.name + (/[.!?]$/.test(next.name) ? " Then" : ", then") + " tap I'm ready.";
      else if (next.n || !seg.n || other) text += " Go: " + next.name + ".";
      return text.trim();
    }

    function show() {
      var seg = segs[progress.segment], full = seg.t * 1e3;
      var ms = { idle: full, run: progress.endsAt - Date.now(), pause: progress.msLeft, wait: 0, done: 0 }[progress.phase];
      var at = progress.doneAt && new Date(progress.doneAt).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
      var text = progress.phase == "wait" ? "Ready?" : clock(ms);
      // In the tab's title too, paused or not: the reader may be on another tab or page.
      var shown = { run: text, wait: text, pause: "Paused \u00b7 " + text }[progress.phase];
      title(shown && shown + " \u00b7 " + named(progress.segment));
      // A timer or session going on while the reader is on another page: the title and a bar show it.
      if (!el.isConnected && progress.phase == "run") {
        barOwner = self;
        sessionBar((from ? from + ": " : "") + named(progress.segment) + ", " + text, home, player ? "session" : "timer");
      } else if (barOwner == self) {
        barOwner = null;
        sessionBar();
      }
      if (!el.isConnected) return;
      put(time, text);
      put(phase, progress.phase == "done" ? "All done" : seg.name);
      put(state, { idle: "Not started", run: "Running", pause: "Paused", wait: "Waiting for you", done: "Finished at " + at }[progress.phase]);
      arc.style.strokeDashoffset = full ? 100 - (100 * ms) / full : 0;
      put(button.start, { idle: "Start", run: "Pause", pause: "Resume", wait: "I'm ready", done: "Start again" }[progress.phase]);
      button.reset.setAttribute("aria-disabled", progress.phase == "idle");
      button.next.setAttribute("aria-disabled", progress.phase == "idle" || progress.phase == "done");
      el.classList.toggle("mdx-timer--rest", progress.phase != "done" && !seg.n);
      el.classList.toggle("mdx-timer--wait", progress.phase == "wait"); // its words leave the ring (timer.css)
      if (!busy()) {
        put(note, "");
        button.wake.hidden = true;
      }
      if (player) player.show(progress, ms);
    }
    // The end reached as it happened (not found on a reload): the log offers to note it (log.js),
    // at once, or when the reader comes back to the page if it ended while they were away.
    function finished() {
      unnoted = !el.isConnected;
      if (!unnoted) el.dispatchEvent(new CustomEvent("mdx-timer-done", { bubbles: true }));
    }
    // With where it lives and its page's name: another page the reader loads takes it up from these.
    function save() {
      var kept = Object.assign({ segments: sig, home: home, from: from }, progress);
      storage("session", key, progress.phase == "idle" ? null : JSON.stringify(kept));
    }
    // Moves through every segment end that has passed; cues only the ones just reached.
    function update(quiet) {
      var now = Date.now(), moved, seg;
      while (progress.phase == "run" && now >= progress.endsAt) {
        var late = quiet || now - progress.endsAt > LATE, next = segs[progress.segment + 1];
        seg = segs[progress.segment];
        moved = true;
        if (!next) {
          progress.phase = "done";
          progress.doneAt = progress.endsAt;
          if (!quiet) finished();
        } else if (!next.t) progress = { phase: "wait", segment: progress.segment + 1 };
        else {
          progress.segment++;
          progress.endsAt += next.t * 1e3;
          last = next.t + 1;
        }
        if (!late) cue(ending(seg, next), !next ? [523, 659, 784] : seg.n ? [660, 880] : [880, 660], next ? [300] : [300, 100, 300, 100, 600]);
      }
      if (progress.phase == "run") {
        var sec = Math.ceil((progress.endsAt - now) / 1e3);
        seg = segs[progress.segment];
        if (!quiet && sec < last) {
          if (seg.count_down && sec <= 3 && sec > 0) beep([990], 0.15);
          if (seg.warn && last > seg.warn && sec <= seg.warn) cue(words(seg.warn) + " left.", [660], [200]);
        }
        last = sec;
      } else if (moved) stop();
      if (moved) save();
      show();
      // Wake up again when the shown second changes (or a segment ends), not on a fixed beat.
      clearTimeout(tick);
      if (progress.phase == "run") tick = setTimeout(update, (progress.endsAt - now) % 1e3 || 1e3);
    }
    function run() {
      progress.phase = "run";
      save();
      wake();
      update();
    }
    function stop() {
      clearTimeout(tick);
      progress.phase == "wait" ? wake() : sleep(); // the screen stays on while the reader gets into position
      save();
      show();
    }
    // To the start of segment i: counting, or paused, or waiting where it is a wait.
    function go(i, paused) {
      var seg = segs[i], now = Date.now();
      if (!seg) {
        progress = { phase: "done", segment: progress.segment, doneAt: now };
        say("All done.");
        return stop();
      }
      progress = !seg.t ? { phase: "wait", segment: i }
        : paused ? { phase: "pause", segment: i, msLeft: seg.t * 1e3 }
        : { phase: "run", segment: i, endsAt: now + seg.t * 1e3 };
      last = seg.t + 1;
      progress.phase == "run" ? run() : stop();
    }

    var actions = {
      start: function () {
        var now = Date.now();
        // One set of cues at a time: a timer or session going on from another page comes first.
        var going = progress.phase == "idle" && live.filter(function (t) { return t != self && t.away(); })[0];
        if (going) {
          return put(note, "A " + going.what + " is running: the bar at the foot of the screen leads back to it.");
        }
        update();
        if (progress.phase == "run") {
          progress = { phase: "pause", segment: progress.segment, msLeft: progress.endsAt - now };
          return stop();
        }
        unlock();
        if (progress.phase == "pause") {
          progress.endsAt = now + progress.msLeft;
          last = Math.ceil(progress.msLeft / 1e3);
          run();
        } else if (progress.phase == "wait") {
          say("Go: " + named(progress.segment + 1) + ".");
          go(progress.segment + 1);
        } else {
          say("Started. " + named(0) + ".");
          go(0);
        }
      },
      reset: function () {
        if (progress.phase == "idle") return;
        progress = { phase: "idle", segment: 0 };
        stop();
      },
      next: function () {
        update();
        if (progress.phase == "idle" || progress.phase == "done") return;
        unlock();
        if (segs[progress.segment + 1]) say(named(progress.segment + 1) + ".");
        go(progress.segment + 1, progress.phase == "pause");
      },
      wake: wake,
      sound: unlock,
      // Before lying down: the chime, the buzz and a spoken sentence, as a cue gives them.
      test: function () {
        unlock();
        cue("This is how the timer sounds.", [660, 880], [200]);
      },
      back: player && player.back
    };

    // Binds the timer to its element: at mount, and for a player that kept going while the
    // reader was on another page, to the new element when the reader comes back.
    function attach(node) {
      el = self.el = node;
      node.mdxTimer = self;
      var q = function (part) { return el.querySelector(".mdx-timer__" + part); };
      time = q("time"), phase = q("phase"), state = q("state"), note = q("note"), status = q("status");
      arc = q("arc"), button = {};
      if (player) player.attach(node);
      el.querySelectorAll("[data-action]").forEach(function (b) {
        button[b.dataset.action] = b;
        b.addEventListener("click", actions[b.dataset.action]);
      });
      el.querySelectorAll("[data-option]").forEach(function (box) {
        var option = box.dataset.option;
        box.checked = on(option);
        box.parentNode.hidden = !(option == "voice" ? window.speechSynthesis : window.AudioContext || window.webkitAudioContext);
        if (option == "voice" && window.speechSynthesis) voices(box.parentNode);
        box.addEventListener("change", function () {
          storage("local", "mdx-timer-" + option, box.checked ? "on" : "off");
          document.querySelectorAll("[data-option=" + option + "]").forEach(function (b) { b.checked = box.checked; });
          if (box.checked) unlock();
        });
      });
      show();
      if (q("panel")) q("panel").hidden = false;
      if (unnoted) finished();
    }

    function visible() {
      if (document.hidden || !busy()) return;
      wake();
      update();
      // Sound can come back from the background stuck; the next tap starts it afresh.
      if (ctx && ctx.state != "running") document.addEventListener("pointerdown", unlock, { once: true });
    }
    document.addEventListener("visibilitychange", visible);

    // Restore what this tab left: a running timer catches up without cues; sound comes
    // back at the reader's next tap.
    var saved = savedBy(key);
    if (saved && saved.segments == sig && segs[saved.segment]) progress = saved;
    attach(el);
    if (progress.phase == "run") {
      document.addEventListener("pointerdown", unlock, { once: true });
      update(true);
      if (progress.phase == "run") run();
    }
    if (progress.phase == "wait") wake();
    // Restored running or waiting, its sound is off until a tap, in every browser: say so.
    if (busy() && (on("sound") || on("voice")) && button.sound) button.sound.hidden = false;

    self.attach = attach;
    self.show = show;
    // idle, run, pause, wait or done: a session being made is not changed while it plays (builder.js).
    self.phase = function () {
      return progress.phase;
    };
    // Whether this timer is counting now: an update of the site waits until none is.
    self.running = function () {
      return progress.phase == "run";
    };
    // A timer (or a player's session) goes on while the reader follows a link and comes back:
    // a reader lying on a ball who looks something up still hears when to move.
    self.away = function () {
      return progress.phase == "run" && !el.isConnected;
    };
    self.what = player ? "session" : "timer";
    // Kept once its page has gone: still counting, or ended away with its "Note it" still to offer.
    self.kept = function () {
      return progress.phase == "run" || !!unnoted;
    };
    self.destroy = function () {
      dead = true;
      if (barOwner == self) {
        barOwner = null;
        sessionBar();
      }
      clearTimeout(tick);
      sleep();
      title();
      if (ctx) ctx.close().catch(Boolean);
      // Speech is one queue for the whole page: a timer still going elsewhere keeps its words.
      var going = live.some(function (t) { return t != self && t.away(); });
      if (window.speechSynthesis && !going) speechSynthesis.cancel();
      document.removeEventListener("visibilitychange", visible);
      document.removeEventListener("pointerdown", unlock);
    };
    return self;
  }

  // A technique's timer left running on a page the reader then left by a full page load (a
  // reload, a link the instant navigation did not take, the site opened again in this tab): it
  // goes on here from what it saved, with its cues, its bar and the way back to it; on its own
  // page it takes up its element again. Not a session player's: its steps need player.js.
  function takeUpLeft() {
    var here = "mdx-timer:" + location.pathname + "#", keys = [];
    try {
      for (var i = 0; i < sessionStorage.length; i++) keys.push(sessionStorage.key(i));
    } catch (e) {
      return;
    }
    keys.forEach(function (key) {
      if (key.indexOf("mdx-timer:") || !key.indexOf(here) || live.some(function (t) { return t.key == key; })) return;
      var left = savedBy(key);
      // Its way back is a path of this site, never another host's address or a script.
      if (!left || left.phase != "run" || !/^\/(?![\/\\])/.test(left.home) || stepped(left.segments)) return;
      var stand = document.createElement("div"); // out of the document: the timer shows in the bar only
      stand.dataset.segments = left.segments;
      var timer = Timer(stand, key, null, left);
      timer.kept() ? live.push(timer) : timer.destroy(); // ended while no page of it was open
    });
  }
  // What the timer of `key` saved in this tab; null where nothing (or nothing readable) is.
  function savedBy(key) {
    try {
      return JSON.parse(storage("session", key));
    } catch (e) {
      return null;
    }
  }
  // A session player's segments, each marked with its step ("s").
  function stepped(segments) {
    try {
      return JSON.parse(segments).some(function (seg) { return "s" in seg; });
    } catch (e) {
      return true;
    }
  }

  // Mounts the page's timers: on every document$ event, and when player.js comes (see there).
  function mount() {
    for (var i = live.length; i--; ) {
      var t = live[i];
      // A session kept going while the reader is away shows at once in the new page's title.
      if (!t.el.isConnected) t.kept() ? t.show() : live.splice(i, 1)[0].destroy();
    }
    document.querySelectorAll("[data-mdx-timer]").forEach(function (el, index) {
      if (el.mdxTimer) return;
      var key = "mdx-timer:" + location.pathname + "#" + index, player = el.classList.contains("mdx-timer--player");
      // A session that went on while the reader was away takes up its element again.
      var kept = live.filter(function (t) { return t.key == key && t.sig == el.dataset.segments && !t.el.isConnected; })[0];
      if (kept) {
        kept.attach(el);
        // Back by the bar's link (to this timer's place): the focus on its main button, as
        // "Go to the timer" does, so the next key press pauses it.
        if (el.id && location.hash == "#" + el.id) el.querySelector("[data-action=start]").focus({ preventScroll: true });
      }
      // A player waits for its steps (player.js), which mounts it when they come.
      else if (!player || window.mdxPlayer) live.push(Timer(el, key, player && window.mdxPlayer));
    });
    takeUpLeft();
  }
  window.mdxMountTimers = mount;
  document$.subscribe(mount);
})();
