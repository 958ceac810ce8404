/* Offline reading: the pages a reader has opened, and the files they need, open again with no
   connection (a phone on the floor, in a basement, on a plane). Served as /sw.js; the build
   writes in its version, its settings and the files every page needs (macros/offline.py).

   - One cache per build, named by a hash of the built site: a new build makes a new worker,
     which waits until every tab of the old one is closed (it never skips waiting on its own:
     a page never gets files of two builds), then deletes the old caches.
   - Pages, the sitemap and the search index come from the network first, so a reader online
     gets today's page; from the cache when the network fails. Material's instant navigation
     fetches pages with XMLHttpRequest, not as navigations: they are handled alike.
   - Styles, scripts and pictures come from the cache first: within one build they never change.
   - Turned off (extra.knotwork.offline: false in mkdocs.yml), the worker deletes its caches and
     unregisters itself, and pages no longer register it. */
var VERSION = "@VERSION@";
var OFF = "@OFF@" === "true";
var SHELL = JSON.parse("@SHELL@");
var PREFIX = "knotwork-";
var CACHE = PREFIX + VERSION;
var FRESH = /\/$|\.html$|\.xml$|\.json$/;

self.addEventListener("install", function (event) {
  if (OFF) {
    self.skipWaiting();  // the way out: replaces a broken worker at once
    return;
  }
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(SHELL.map(function (path) { return new URL(path, self.registration.scope).href; }));
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && (OFF || name !== CACHE);
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () {
    if (OFF) return self.registration.unregister();
    return self.clients.claim();
  }));
});

// A page loaded before the worker took over says what it loaded (assets/knotwork.js): keep
// what is not kept yet, so that page opens offline whole, picture included.
self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.keep) || [];
  if (OFF || !urls.map) return;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      url = String(url).split("#")[0];
      if (url.indexOf(self.registration.scope) !== 0) return null;
      return cache.match(url).then(function (kept) {
        return kept || cache.add(url).catch(function () {});
      });
    }));
  }));
});

function keep(request, response) {
  if (response.ok && response.type === "basic") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
  }
  return response;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (OFF || request.method !== "GET" || url.origin !== location.origin
      || url.href.indexOf(self.registration.scope) !== 0) return;
  if (request.mode === "navigate" || FRESH.test(url.pathname)) {
    event.respondWith(fetch(request).then(function (response) {
      return keep(request, response);
    }, function () {
      return caches.match(request, { ignoreSearch: true }).then(function (kept) {
        return kept || Response.error();
      });
    }));
  } else {
    event.respondWith(caches.match(request).then(function (kept) {
      return kept || fetch(request).then(function (response) { return keep(request, response); });
    }));
  }
});
