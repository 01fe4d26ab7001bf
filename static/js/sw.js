/*
 * The portal's service worker, served at /sw.js by balikpapan_umkm/pwa.py, which puts
 * VERSION and SETTINGS (hashed static URLs, the offline page of each language) in front
 * of this file, after "use strict". Not loaded from /static/.
 *
 * - At installation it keeps the offline pages and the files every page needs (CSS,
 *   the mark, this site's registration script) in the "core" cache.
 * - Pages (navigations): the network first; a page that answered is kept in the
 *   "pages" cache, so the pages a visitor opened (the culinary guide, a centre, a
 *   tenant) stay readable offline; without network the kept copy, and for a page
 *   never opened, the offline page in the page's language.
 * - Static files (/static/..., content-hashed names that never change): the kept copy
 *   first, else the network, kept for next time.
 * - Nothing else is touched: the admin and its files, uploads (/media/, which the
 *   browser's own cache keeps), other sites' files (map tiles), and every request that
 *   is not a GET go to the network as if there were no worker. A page is kept only if
 *   it is a plain 200 answer that varies on nothing and may be stored: pages for
 *   signed-in staff and forms (which vary on the cookie) never are, as with the
 *   server's page cache.
 * - Caches are named after VERSION: a new version (a deploy) deletes the old ones.
 *   "pages" and "files" are capped, the oldest entries going first.
 */

const CORE = "core-" + VERSION;
const PAGES = "pages-" + VERSION;
const FILES = "files-" + VERSION;
const LIMITS = { [PAGES]: 40, [FILES]: 40 };

function ours(url) {
  return (
    url.origin === self.location.origin &&
    !SETTINGS.neverCached.some((prefix) => url.pathname.startsWith(prefix))
  );
}

function isStatic(url) {
  return ours(url) && url.pathname.startsWith(SETTINGS.staticPrefix);
}

function mayHandlePage(request, url) {
  return request.mode === "navigate" && ours(url) && !isStatic(url);
}

function mayKeep(response) {
  const control = response.headers.get("Cache-Control") || "";
  return (
    response.status === 200 &&
    response.type === "basic" &&
    !response.redirected &&
    !response.headers.has("Vary") &&
    !/no-store|private/.test(control)
  );
}

async function keep(cacheName, request, response) {
  const cache = await caches.open(cacheName);
  await cache.delete(request); // the newest copy goes last: trimming drops the oldest
  await cache.put(request, response);
  const keys = await cache.keys();
  const excess = keys.length - LIMITS[cacheName];
  for (let i = 0; i < excess; i += 1) {
    await cache.delete(keys[i]);
  }
}

function offlinePageFor(url) {
  const pair = SETTINGS.offlinePages.find(([prefix]) => url.pathname.startsWith(prefix));
  return pair ? pair[1] : SETTINGS.offlinePages[SETTINGS.offlinePages.length - 1][1];
}

async function page(event, url) {
  try {
    const response = await fetch(event.request);
    if (mayKeep(response)) {
      event.waitUntil(keep(PAGES, event.request, response.clone()));
    }
    return response;
  } catch (offline) {
    const kept = await caches.match(event.request, { cacheName: PAGES });
    if (kept) {
      return kept;
    }
    const fallback = await caches.match(offlinePageFor(url), { cacheName: CORE });
    return fallback || Response.error();
  }
}

async function staticFile(event) {
  const kept = await caches.match(event.request);
  if (kept) {
    return kept;
  }
  const response = await fetch(event.request);
  if (response.ok && response.type === "basic") {
    event.waitUntil(keep(FILES, event.request, response.clone()));
  }
  return response;
}

// The pages open when the worker starts were loaded before it: keep them too (one more
// request for each, which the server answers from its page cache).
async function keepOpenPages() {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const client of windows) {
    if (!mayHandlePage({ mode: "navigate" }, new URL(client.url))) {
      continue;
    }
    try {
      const response = await fetch(client.url, { credentials: "same-origin" });
      if (mayKeep(response)) {
        await keep(PAGES, client.url, response);
      }
    } catch (offline) {
      // Kept at the visitor's next visit.
    }
  }
}

self.addEventListener("install", (event) => {
  // Static files may come from the browser's cache (their names change with their content);
  // the offline pages as the server renders them now ("reload").
  const requests = SETTINGS.precache.map((url) => {
    const mode = url.startsWith(SETTINGS.staticPrefix) ? "default" : "reload";
    return new Request(url, { cache: mode });
  });
  event.waitUntil(
    caches
      .open(CORE)
      .then((cache) => cache.addAll(requests))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const current = [CORE, PAGES, FILES];
      for (const name of await caches.keys()) {
        if (!current.includes(name)) {
          await caches.delete(name);
        }
      }
      await keepOpenPages();
      await self.clients.claim();
    })()
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (mayHandlePage(request, url)) {
    event.respondWith(page(event, url));
  } else if (isStatic(url)) {
    event.respondWith(staticFile(event));
  }
});
