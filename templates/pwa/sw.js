// netpwa service worker: precached app shell, network-first pages, the outbox's Background Sync.
// Served by netpwa.pwa.views from the root scope; CONFIG (precache list, cache names) comes
// from Python, so a change to any static file changes the cache name and this file.
"use strict";

const CONFIG = {{ config|tojson }};
const NAVIGATION_TIMEOUT_MS = 4000;
const MAX_PAGES = 40;

importScripts(CONFIG.outboxScript);

function isOurs(name) {
  return name.startsWith("netpwa-shell-") || name.startsWith("netpwa-pages-");
}

function cacheablePage(response) {
  const type = response.headers.get("Content-Type") || "";
  return response.ok && !response.redirected && response.type === "basic" && type.includes("text/html");
}

async function fetchPage(url) {
  const response = await fetch(new Request(url, {cache: "reload", credentials: "same-origin"}));
  if (!cacheablePage(response)) throw new Error("not a page to keep: " + url);
  return response;
}

// The shell pages depend on who is logged in: keep the last good copy when a fresh one fails.
async function warmPages(pagesCache) {
  const cache = await caches.open(pagesCache);
  await Promise.all(CONFIG.pages.map(async function (url) {
    try {
      await cache.put(url, await fetchPage(url));
    } catch (error) {
      if (await cache.match(url)) return;
      const older = await caches.match(url);
      if (older) await cache.put(url, older);
    }
  }));
}

async function carryOverPages() {
  const target = await caches.open(CONFIG.pagesCache);
  for (const name of await caches.keys()) {
    if (!name.startsWith("netpwa-pages-") || name === CONFIG.pagesCache) continue;
    const old = await caches.open(name);
    for (const request of await old.keys()) {
      if (!(await target.match(request))) await target.put(request, await old.match(request));
    }
  }
}

// Files fetched when first needed (the scanner's decoder, the name tags' fonts) stay kept
// across worker updates while their content (so their hashed URL) is unchanged.
async function carryOverOnDemand(shell) {
  const wanted = new Set(CONFIG.onDemand.map(absolute));
  for (const name of await caches.keys()) {
    if (!name.startsWith("netpwa-shell-") || name === CONFIG.shellCache) continue;
    const old = await caches.open(name);
    for (const request of await old.keys()) {
      if (wanted.has(request.url) && !(await shell.match(request))) await shell.put(request, await old.match(request));
    }
  }
}

function absolute(url) {
  return new URL(url, self.location.origin).href;
}

// Keep these static files now (a page knows it will need them offline). Only the app's own
// on-demand files: a page cannot make the worker store anything else.
async function keepOnDemand(urls) {
  const allowed = new Set(CONFIG.onDemand.map(absolute));
  const shell = await caches.open(CONFIG.shellCache);
  await Promise.all(urls.map(absolute).filter(function (url) { return allowed.has(url); }).map(async function (url) {
    if (await shell.match(url)) return;
    const response = await fetch(url, {credentials: "same-origin"});
    if (response.ok) await shell.put(url, response);
  }));
}

self.addEventListener("install", function (event) {
  event.waitUntil((async function () {
    const shell = await caches.open(CONFIG.shellCache);
    await shell.addAll(CONFIG.assets.map(function (url) { return new Request(url, {cache: "reload"}); }));
    await carryOverOnDemand(shell);
    await carryOverPages();
    await warmPages(CONFIG.pagesCache);
    const offline = await caches.open(CONFIG.pagesCache);
    if (!(await offline.match(CONFIG.offlineUrl))) throw new Error("offline page missing");
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", function (event) {
  event.waitUntil((async function () {
    const names = await caches.keys();
    await Promise.all(names.filter(function (name) {
      return isOurs(name) && name !== CONFIG.shellCache && name !== CONFIG.pagesCache;
    }).map(function (name) { return caches.delete(name); }));
    await self.clients.claim();
  })());
});

async function trimPages(cache) {
  const keys = await cache.keys();
  const keep = new Set(CONFIG.pages.map(function (url) { return new URL(url, self.location.origin).href; }));
  const extra = keys.filter(function (request) { return !keep.has(request.url); });
  for (const request of extra.slice(0, Math.max(0, extra.length - MAX_PAGES))) await cache.delete(request);
}

async function rememberPage(request, response) {
  const cache = await caches.open(CONFIG.pagesCache);
  await cache.put(request.url, response);
  await trimPages(cache);
}

// A page served from the cache says so, so that the page's scripts know its numbers may be old.
// It also carries when the copy was made (the response's Date), so the page can say "as of".
async function asOfflineCopy(response) {
  const text = await response.text();
  const made = Date.parse(response.headers.get("Date") || "");
  const asOf = Number.isNaN(made) ? "" : ' data-offline-as-of="' + new Date(made).toISOString() + '"';
  // The body is decoded text now: the original's encoding and length no longer describe it.
  const headers = new Headers(response.headers);
  headers.delete("Content-Encoding");
  headers.delete("Content-Length");
  return new Response(text.replace("<html", "<html data-offline-copy" + asOf), {
    status: 200, statusText: "OK", headers: headers});
}

async function offlineFallback(request) {
  const cache = await caches.open(CONFIG.pagesCache);
  const copy = (await cache.match(request.url)) || (await cache.match(request.url, {ignoreSearch: true}))
    || (await cache.match(CONFIG.captureUrl)) || (await cache.match(CONFIG.offlineUrl));
  return copy ? asOfflineCopy(copy) : null;
}

// Network first: the freshest page when the network answers; a kept copy when it fails, errs
// on our side (5xx) or takes longer than a phone user waits at a venue.
async function networkFirst(event) {
  const request = event.request;
  const network = fetch(request).then(function (response) {
    if (cacheablePage(response)) event.waitUntil(rememberPage(request, response.clone()));
    return response;
  });
  event.waitUntil(network.catch(function () {}));
  const timeout = new Promise(function (resolve) { setTimeout(resolve, NAVIGATION_TIMEOUT_MS, "timeout"); });
  let response;
  try {
    response = await Promise.race([network, timeout]);
  } catch (error) {
    response = null;
  }
  if (response && response !== "timeout" && response.status < 500) return response;
  const copy = await offlineFallback(request);
  if (copy) return copy;
  if (response && response !== "timeout") return response;
  return network;
}

// Static URLs carry their content's hash: the exact URL kept is the right file. A URL this
// worker doesn't have (a page newer than the worker) goes to the network, and an on-demand file
// is kept once fetched; with no network, the same file at another hash is better than nothing.
async function cacheFirst(request) {
  const cache = await caches.open(CONFIG.shellCache);
  const cached = await cache.match(request);
  if (cached) return cached;
  try {
    const response = await fetch(request);
    if (response.ok && CONFIG.onDemand.map(absolute).includes(request.url)) {
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const older = await caches.match(request, {ignoreSearch: true});
    if (older) return older;
    throw error;
  }
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === CONFIG.logoutUrl) {
    // Pages kept for offline use show the logged-in person's data: forget them on log out.
    event.waitUntil(caches.delete(CONFIG.pagesCache).then(function () { return netpwaOutbox.forgetContacts(); }));
    return;
  }
  if (request.method === "POST" && request.mode === "navigate") {
    // A form sent with no network would end on the browser's error page: say what still works.
    event.respondWith(fetch(request).catch(function () {
      return caches.open(CONFIG.pagesCache).then(function (cache) { return cache.match(CONFIG.offlineUrl); })
        .then(function (page) { return page || Response.error(); });
    }));
    return;
  }
  if (request.method !== "GET" || url.pathname.startsWith(CONFIG.apiPrefix)) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(event));
  } else if (url.pathname.startsWith(CONFIG.staticPrefix)) {
    event.respondWith(cacheFirst(request));
  }
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "warm") event.waitUntil(warmPages(CONFIG.pagesCache));
  if (event.data && event.data.type === "keep" && Array.isArray(event.data.urls)) {
    event.waitUntil(keepOnDemand(event.data.urls.filter(function (url) { return typeof url === "string"; })));
  }
});

// Background Sync (not in iOS Safari, where the page's own triggers do the work). An open page
// flushes itself, so there is one sender; with no page open, the worker sends the outbox.
async function backgroundFlush() {
  const windows = await self.clients.matchAll({type: "window", includeUncontrolled: true});
  if (windows.length) {
    windows.forEach(function (client) { client.postMessage({type: "flush"}); });
    return;
  }
  const summary = await netpwaOutbox.flushStored(CONFIG.syncUrl, CONFIG.changesUrl);
  if (summary.failed) throw new Error("outbox not sent: " + summary.failed);
}

self.addEventListener("sync", function (event) {
  if (event.tag === netpwaOutbox.SYNC_TAG) event.waitUntil(backgroundFlush());
});
