/* Search on demand. Material starts its search worker and fetches the whole search index as
   each page loads (about 33 KB gzipped), though most readers never search. This holds both
   back until the reader opens search: focus in the search field (the keyboard shortcuts and
   ?q= focus it too), or the search toggle (the magnifier on a phone); or, where the reader
   has not asked to save data, until the page has been open a while and the browser is idle.
   Then Material's own code goes on as written.

   Every page links it just before Material's bundle (overrides/main.html), as the bundle
   creates the worker as soon as it runs. It wraps the Worker constructor, for the search
   worker only, and holds back the sending of the index request; nothing else changes.
   Plain ES5, as the minifier (rjsmin) expects. */
(function () {
  var Real = window.Worker;
  var xhr = window.XMLHttpRequest && XMLHttpRequest.prototype;
  if (!Real || !xhr || !window.URL) return;
  var held = [];  // what waits for search to start; null once it has

  function start() {
    var go = held;
    held = null;
    while (go && go.length) go.shift()();
  }

  function when(run) {
    if (held) held.push(run); else run();
  }

  function address(url) {
    return new URL(url, location.href);
  }

  window.Worker = function (url, options) {
    // Resolved now: after instant navigation the page's address is another one.
    var href = address(url).href;
    if (!/\/workers\/search\.[^/]*\.js$/.test(href)) return new Real(url, options);
    var worker, calls = [];
    function call(name) {
      return function () {
        if (worker) return worker[name].apply(worker, arguments);
        calls.push([name, arguments]);
      };
    }
    when(function () {
      worker = new Real(href, options);
      for (var c; (c = calls.shift());) worker[c[0]].apply(worker, c[1]);
    });
    // What Material calls on its worker, played back in order once it exists.
    return {
      addEventListener: call("addEventListener"), removeEventListener: call("removeEventListener"),
      postMessage: call("postMessage"), terminate: call("terminate")
    };
  };

  var open = xhr.open;
  var send = xhr.send;
  xhr.open = function (method, url) {
    this.mdxHeld = held && /\/search\/search_index\.json$/.test(address(url).pathname);
    return open.apply(this, arguments);
  };
  xhr.send = function () {
    var request = this, args = arguments;
    if (!request.mdxHeld) return send.apply(request, args);
    request.mdxHeld = false;
    when(function () {
      try { send.apply(request, args); } catch (error) { /* aborted while held */ }
    });
  };

  function opened(event) {
    var target = event.target;
    if (held && target.matches && target.matches("[data-md-toggle=search],[data-md-component=search-query]")) start();
  }
  document.addEventListener("focusin", opened, true);
  document.addEventListener("change", opened, true);
  // Opened from a search result in a new tab: the words to highlight need the index.
  if (/[?&]h=/.test(location.search)) start();

  addEventListener("load", function () {
    if (navigator.connection && navigator.connection.saveData) return;
    setTimeout(function () {
      if (window.requestIdleCallback) requestIdleCallback(start, { timeout: 10000 }); else start();
    }, 20000);  // ms: a reader who has read this long may search next
  });
})();
