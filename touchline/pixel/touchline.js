// The Touchline pixel. Install: the queue stub, then this script from your collector:
//   <script>window.touchline=window.touchline||function(){(window.touchline.q=window.touchline.q||[]).push(arguments)};</script>
//   <script async src="https://collect.example.com/t.js"></script>
// Served minified by `touchline collect` (touchline/pixel/snippet.py): whole-line comments and
// indentation are dropped, so every comment here stays on a line of its own.
// __PARAMS__ is replaced by the UTM fields and the 12 click IDs from the Python registry.
(function (w, d) {
  var queued = w.touchline && w.touchline.q || [];
  if (w.touchline && w.touchline.v) return;
  var PARAMS = __PARAMS__;
  var DAY = 864e5;
  var FIRST_DAYS = 365;
  var LATEST_DAYS = 90;
  var BATCH = 20;
  var MAX_QUEUED = 200;
  var nav = navigator;
  var script = d.currentScript;
  // Relative to the script: a collector behind a path prefix (/collect/t.js) gets /collect/e.
  var endpoint = script && script.src ? new URL('e', script.src).href : '/e';
  var consent = true;
  var memory = {};
  var lastUrl = null;
  var timer = 0;
  var chain = Promise.resolve();

  // Storage: localStorage; a first-party cookie where storage is blocked; memory last.
  function local() {
    try { var s = w.localStorage; s.setItem('tl_t', '1'); s.removeItem('tl_t'); return s; } catch (e) { return null; }
  }
  var store = local();
  function get(key) {
    var raw = null;
    if (store) raw = store.getItem('tl_' + key);
    else if (key in memory) raw = memory[key];
    else {
      var m = d.cookie.match(new RegExp('(?:^|; )tl_' + key + '=([^;]*)'));
      raw = m ? decodeURIComponent(m[1]) : null;
    }
    try { return raw === null ? null : JSON.parse(raw); } catch (e) { return null; }
  }
  function set(key, value, days) {
    var raw = JSON.stringify(value);
    if (store) { try { store.setItem('tl_' + key, raw); } catch (e) {} return; }
    // The queue can outgrow a cookie: without storage it lives for this page only.
    if (!days) { memory[key] = raw; return; }
    d.cookie = 'tl_' + key + '=' + encodeURIComponent(raw) + '; max-age=' + days * 86400 + '; path=/; SameSite=Lax';
  }
  function del(key) {
    if (store) store.removeItem('tl_' + key);
    else d.cookie = 'tl_' + key + '=; max-age=0; path=/';
  }

  function uuid() {
    if (w.crypto && crypto.randomUUID) return crypto.randomUUID();
    var s = '';
    for (var i = 0; i < 32; i++) s += (Math.random() * 16 | 0).toString(16);
    return s;
  }
  // Global Privacy Control, or the store's consent hook, says no: nothing is stored or sent.
  function allowed() {
    if (nav.globalPrivacyControl) return false;
    return typeof consent === 'function' ? !!consent() : !!consent;
  }
  function visitor() {
    var id = get('vid');
    if (!id) id = uuid();
    // Written on every event so the cookie fallback keeps sliding forward.
    set('vid', id, 400);
    return id;
  }
  // A touch: the UTM fields and click IDs of a URL (names matched case-insensitively).
  function tagsOf(href) {
    var found = null;
    try {
      new URL(href).searchParams.forEach(function (value, name) {
        name = name.toLowerCase();
        if (value && PARAMS.indexOf(name) >= 0 && !(found && name in found)) (found = found || {})[name] = value;
      });
    } catch (e) {}
    return found;
  }
  // The stored touch if still inside its window, else null (and forgotten).
  function touch(key, days, now) {
    var t = get(key);
    if (t && now - t.t <= days * DAY) return t;
    if (t) del(key);
    return null;
  }
  function remember(href, now) {
    var tags = tagsOf(href);
    if (!tags) return;
    var t = {t: now, p: tags};
    if (!touch('ft', FIRST_DAYS, now)) set('ft', t, FIRST_DAYS);
    set('lt', t, LATEST_DAYS);
  }
  function asField(t) {
    if (!t) return null;
    var out = {at: new Date(t.t).toISOString()};
    for (var k in t.p) out[k] = t.p[k];
    return out;
  }

  function send(type, fields, now) {
    now = now || Date.now();
    var ev = {
      event_id: uuid(), event_type: type, ts: new Date(now).toISOString(), visitor_id: visitor(),
      url: location.href, referrer: d.referrer || null,
      first_touch: asField(touch('ft', FIRST_DAYS, now)), last_touch: asField(touch('lt', LATEST_DAYS, now))
    };
    for (var k in fields) if (fields[k] != null) ev[k] = fields[k];
    var q = get('q') || [];
    q.push(ev);
    set('q', q.slice(-MAX_QUEUED));
    clearTimeout(timer);
    timer = setTimeout(flush, type === 'page_view' ? 500 : 0);
  }

  function drop(ids) {
    set('q', (get('q') || []).filter(function (ev) { return ids.indexOf(ev.event_id) < 0; }));
  }
  // Batches go by sendBeacon (survives the page closing), else fetch keepalive; a batch that
  // could not be handed over stays queued and is retried when the browser is back online,
  // on the next page or after a pause. Retries repeat the event_id: the loader de-duplicates.
  function flush() {
    clearTimeout(timer);
    var q = get('q') || [];
    if (!q.length || nav.onLine === false || !allowed()) return;
    var batch = q.slice(0, BATCH);
    var ids = batch.map(function (ev) { return ev.event_id; });
    var body = JSON.stringify({events: batch});
    var more = q.length > BATCH;
    if (nav.sendBeacon && nav.sendBeacon(endpoint, body)) {
      drop(ids);
      if (more) flush();
      return;
    }
    if (!w.fetch) return;
    fetch(endpoint, {method: 'POST', body: body, keepalive: body.length < 6e4, credentials: 'omit'}).then(function (r) {
      // 4xx (other than 429) will never succeed: the batch is dropped, not retried forever.
      if (r.ok || (r.status >= 400 && r.status < 500 && r.status !== 429)) { drop(ids); if (more) flush(); }
      else timer = setTimeout(flush, 5e3);
    }, function () { timer = setTimeout(flush, 5e3); });
  }

  // Plain emails never leave the page: trimmed, lowercased, SHA-256 hex.
  function hash(email) {
    if (typeof email !== 'string' || !email.trim()) return Promise.resolve(null);
    if (!(w.crypto && crypto.subtle && w.TextEncoder)) return Promise.resolve(null);
    return crypto.subtle.digest('SHA-256', new TextEncoder().encode(email.trim().toLowerCase())).then(function (buf) {
      return Array.prototype.map.call(new Uint8Array(buf), function (b) { return (b + 256).toString(16).slice(1); }).join('');
    });
  }
  function person(data, extra) {
    var now = Date.now();
    return hash(data.email).then(function (h) {
      if (!allowed()) return;
      // Values the collector would refuse are left out rather than lose the whole event.
      extra.email_hash = h || (/^[0-9a-f]{64}$/.test(data.email_hash) ? data.email_hash : null);
      if (data.customer_id != null) extra.customer_id = String(data.customer_id);
      send(extra.order_id ? 'checkout_completed' : 'identify', extra, now);
    });
  }
  function pageView() {
    var href = location.href;
    if (href === lastUrl || !allowed()) return;
    var now = Date.now();
    remember(href, now);
    var fields = lastUrl ? {referrer: lastUrl} : {};
    lastUrl = href;
    send('page_view', fields, now);
  }

  var commands = {
    page: pageView,
    config: function (o) { if (o && o.endpoint) endpoint = new URL(o.endpoint, location.href).href; },
    consent: function (v) { consent = v; if (allowed()) flush(); },
    identify: function (o) { return person(o || {}, {}); },
    checkout: function (o) {
      o = o || {};
      if (o.order_id == null) return;
      var revenue = o.revenue == null || o.revenue === '' ? null : Number(o.revenue);
      var currency = String(o.currency || '').trim();
      return person(o, {order_id: String(o.order_id), revenue: isFinite(revenue) ? revenue : null, currency: /^[A-Za-z]{3}$/.test(currency) ? currency : null});
    }
  };
  function run(args) {
    var f = commands[args[0]];
    if (!f) return;
    // One chain keeps commands in call order although hashing is asynchronous.
    chain = chain.then(function () { return f(args[1]); }).then(null, function () {});
  }
  var api = function () { run(arguments); };
  api.v = 1;
  w.touchline = api;
  for (var i = 0; i < queued.length; i++) run(queued[i]);
  run(['page']);

  // Single-page storefronts: a page view per history navigation.
  ['pushState', 'replaceState'].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var result = original.apply(this, arguments);
      run(['page']);
      return result;
    };
  });
  w.addEventListener('popstate', function () { run(['page']); });
  w.addEventListener('online', flush);
  w.addEventListener('pagehide', flush);
  d.addEventListener('visibilitychange', function () { if (d.visibilityState === 'hidden') flush(); });
})(window, document);
