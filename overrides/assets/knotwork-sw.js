/* Offline reading: after one visit the whole guide opens again with no connection (a phone on
   the floor, in a basement, on a plane). Served as /sw.js; the build writes in its version,
   its settings, the files every page needs and the list of every page and file of the guide
   (macros/output/offline.py).

   - One cache per build, named by a hash of the built site: a new build makes a new worker,
     which waits until every tab of the old one is closed, or until the reader presses
     "Reload" on the prompt a page shows (it never skips waiting on its own: a page never gets
     files of two builds), then deletes the old caches.
   - The whole guide is kept only when a page asks (assets/knotwork.js: once the page is idle,
     and never for a reader who saves data), file by file: one file that fails stays out and
     the rest are kept; a full storage quota stops the filling and the site stays online-only.
   - Pages, the sitemap and the search index come from the network first (from the cache if
     the network fails or is slow), so a reader online gets today's page. Material's instant
     navigation fetches pages with XMLHttpRequest, not as navigations: they are handled alike.
     /x/ and /x/index.html are the same page.
   - Styles, scripts and pictures come from the cache first: within one build they never change.
   - Whatever goes wrong with the cache, a request goes to the network as if there were no
     worker: a broken worker never stops the site from loading online.
   - Turned off (extra.knotwork.offline: false in mkdocs.yml), the worker deletes its caches and
     unregisters itself, and pages no longer register it. */
var VERSION = "@VERSION@";
var OFF = "@OFF@" === "true";
var SHELL = JSON.parse("@SHELL@");
var FILES = JSON.parse("@FILES@");
var CACHE = "knotwork-" + VERSION;
var FRESH = /\/$|\.html$|\.xml$|\.json$/;
var PATIENCE = 4000;  // ms a page waits for the network before a kept copy is shown
var AT_ONCE = 3;  // files fetched at the same time while filling the cache

function address(path) {
  return new URL(path, self.registration.scope).href;
}

// The one name a page is kept under: /x/index.html is /x/.
function key(url) {
  url = String(url).split("#")[0];
  return url.replace(/\/index\.html(?=$|\?)/, "/");
}

// This build's cache, to write into, only while it is there: once a newer build's worker has
// deleted it, a fill or a copy still under way must not bring it back (caches.open would).
function ours() {
  return caches.has(CACHE).then(function (there) {
    if (!there) throw new Error(CACHE + " was replaced");
    return caches.open(CACHE);
  });
}

// Each file on its own: one that fails leaves the others kept (cache.addAll fails whole),
// and one that hangs counts as failed after a while.
function store(cache, url) {
  var late = new Promise(function (_, reject) {
    setTimeout(function () { reject(new Error(url + ": no answer")); }, 15000);
  });
  return Promise.race([fetch(url, { cache: "no-cache" }), late]).then(function (response) {
    if (!response.ok) throw new Error(url + ": " + response.status);
    return cache.put(key(url), response);
  });
}

self.addEventListener("install", function (event) {
  if (OFF) {
    self.skipWaiting();  // the way out: replaces a broken worker at once
    return;
  }
  // What every page needs, so the pages read from now on open offline. A file that cannot be
  // kept (no room, no network) is left out; the worker installs all the same.
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(SHELL.map(function (path) {
      return store(cache, address(path)).catch(function () {});
    }));
  }).catch(function () {}));
});

// Every cache of the site's address but this build's goes: an older build's, and any other a
// script may have filled (a page's own script shares the address), so nothing it put there can
// ever be served.
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return OFF || name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).catch(function () {}).then(function () {
    if (OFF) return self.registration.unregister();
    return self.clients.claim();
  }));
});

// Every file of the guide that is not kept yet, a few at a time. Answers how many are kept
// and how many failed. A full quota ends it: the rest would fail too.
var filling = null;
function fill() {
  return ours().then(function (cache) {
    var queue = FILES.slice(), failed = [];
    function next() {
      // A newer build is waiting: it needs this worker to finish before it can take over.
      if (self.registration.waiting || self.registration.installing) queue.length = 0;
      var path = queue.shift();
      if (path === undefined) return null;
      var url = address(path);
      return cache.match(key(url)).then(function (kept) {
        return kept || store(cache, url);
      }).catch(function (error) {
        failed.push(path);
        if (error && error.name === "QuotaExceededError") queue.length = 0;
      }).then(next);
    }
    var runs = [];
    for (var i = 0; i < AT_ONCE; i++) runs.push(next());
    return Promise.all(runs).then(function () {
      return { kept: FILES.length - failed.length, failed: failed };
    });
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (OFF) return;
  if (data.update === "now") {
    // The reader pressed "Reload" on the prompt: this build takes over, the page reloads.
    self.skipWaiting();
    return;
  }
  if (data.fill) {
    // Once at a time; again after a fill that missed files (the network may be back).
    if (!filling) {
      filling = fill().then(function (result) {
        if (result.failed.length) filling = null;
        return result;
      }, function () {
        filling = null;
        return { kept: 0, failed: FILES };
      });
    }
    // Not held with waitUntil: a newer build's worker waits for this one's events to end
    // before it takes over, and must not wait for a fill. (Stopped half-way, the next page
    // asks again.)
    var source = event.source;
    filling.then(function (result) {
      if (source) source.postMessage({ filled: result });
    });
    return;
  }
  // A page loaded before the worker took over says what it loaded (assets/knotwork.js): keep
  // what is not kept yet, so that page opens offline whole, picture included.
  var urls = data.keep || [];
  if (!urls.map) return;
  event.waitUntil(ours().then(function (cache) {
    return Promise.all(urls.map(function (url) {
      url = key(url);
      if (url.indexOf(self.registration.scope) !== 0) return null;
      return cache.match(url).then(function (kept) {
        return kept || store(cache, url);
      }).catch(function () {});
    }));
  }).catch(function () {}));
});

function keep(request, response) {
  if (response.ok && response.type === "basic") {
    var copy = response.clone();
    ours().then(function (cache) { return cache.put(key(request.url), copy); }).catch(function () {});
  }
  return response;
}

// This build's copy, looked up in this build's cache only: caches.match() would search every
// cache of the address, one a planted script filled included.
function kept(request) {
  return fromOurs(key(request.url), { ignoreSearch: true });
}

function fromOurs(url, options) {
  return caches.has(CACHE).then(function (there) {
    return there ? caches.open(CACHE).then(function (cache) { return cache.match(url, options); }) : undefined;
  }).catch(function () { return undefined; });
}

// The network, and the kept copy if the network fails or keeps the reader waiting; for a
// page never kept, the offline page (404.html, kept with the guide).
function networkFirst(request) {
  return new Promise(function (resolve, reject) {
    var settled = false;
    function answer(response) {
      if (!settled && response) {
        settled = true;
        resolve(response);
      }
      return !!response;
    }
    var network = fetch(request).then(function (response) { return keep(request, response); });
    network.then(answer, function (error) {
      kept(request).then(function (copy) {
        if (answer(copy)) return;
        if (request.mode !== "navigate") return reject(error);
        fromOurs(address("404.html")).then(function (page) {
          if (!answer(page)) reject(error);
        });
      });
    });
    setTimeout(function () { kept(request).then(answer); }, PATIENCE);
  });
}

function cacheFirst(request) {
  return kept(request).then(function (copy) {
    return copy || fetch(request).then(function (response) { return keep(request, response); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (OFF || request.method !== "GET" || url.origin !== location.origin
      || url.href.indexOf(self.registration.scope) !== 0) return;
  var answer = request.mode === "navigate" || FRESH.test(url.pathname) ? networkFirst(request) : cacheFirst(request);
  // Should anything above break, the request goes to the network as if there were no worker.
  event.respondWith(answer.catch(function () { return fetch(request); }));
});
