/* What the playbook's scripts share: the ticks stored in this browser, and running once per page.
 *
 * Ticks live in localStorage under "playbook-checklist:<function id>" as {"<item id>": "<date ticked>"}
 * (older ticks hold true instead of a date), so rewording an item keeps its tick. Nothing is sent anywhere.
 *
 * Two tabs share the storage: every change re-reads it and writes only the items it changes, so a tick
 * made in another tab is never lost, and the `storage` event tells the other tabs to show it.
 * Ticks are plain maps without a prototype: an item id such as "constructor" is just an id.
 */
window.playbook = (function () {
  "use strict";

  var PREFIX = "playbook-checklist:";
  /* The blocks that show ticks: each gets a "pb:ticks" event when a function's ticks change. */
  var SHOWS_TICKS = ".pb-checklist, .pb-assessment-overview, .pb-team-tools, .pb-sheet";
  var own = Object.prototype.hasOwnProperty;

  function emptyTicks() {
    return Object.create(null);
  }

  function readTicks(fn) {
    var ticks = emptyTicks();
    try {
      var saved = JSON.parse(window.localStorage.getItem(PREFIX + fn) || "{}");
      if (saved && typeof saved === "object" && !Array.isArray(saved)) {
        Object.keys(saved).forEach(function (id) {
          /* A tick is true (older ticks) or the date it was made; anything else ticks nothing. */
          if (own.call(saved, id) && (saved[id] === true || tickDate(saved[id]))) ticks[id] = saved[id];
        });
      }
    } catch (e) {
      /* Unreadable storage counts as no ticks. */
    }
    return ticks;
  }

  function write(fn, ticks) {
    try {
      if (Object.keys(ticks).length) {
        window.localStorage.setItem(PREFIX + fn, JSON.stringify(ticks));
      } else {
        window.localStorage.removeItem(PREFIX + fn);
      }
    } catch (e) {
      /* Storage full or disabled: the ticks last until the page is left. */
    }
  }

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  /* The date a stored tick was made, or null for an older tick stored without one. */
  function tickDate(value) {
    return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
  }

  /* Change some items, read-modify-write: `changes` maps item id -> date (tick) or null (untick).
   * A tick already stored keeps its date. Returns the ticks as stored now. */
  function changeTicks(fn, changes) {
    var ticks = readTicks(fn);
    Object.keys(changes).forEach(function (id) {
      if (changes[id]) {
        if (!ticks[id]) ticks[id] = tickDate(changes[id]) || today();
      } else {
        delete ticks[id];
      }
    });
    write(fn, ticks);
    announce(fn);
    return ticks;
  }

  /* Replace every tick of a function (`ticks` maps item id -> date); {} clears them. */
  function replaceTicks(fn, ticks) {
    var clean = emptyTicks();
    Object.keys(ticks).forEach(function (id) {
      if (own.call(ticks, id) && ticks[id]) clean[id] = tickDate(ticks[id]) || today();
    });
    write(fn, clean);
    announce(fn);
    return clean;
  }

  /* Tell the blocks on this page that `fn`'s ticks changed (null: every function's). */
  function announce(fn) {
    document.querySelectorAll(SHOWS_TICKS).forEach(function (block) {
      block.dispatchEvent(new CustomEvent("pb:ticks", { detail: { function: fn } }));
    });
  }

  window.addEventListener("storage", function (event) {
    if (event.storageArea && event.storageArea !== window.localStorage) return;
    if (event.key === null) announce(null);
    else if (event.key.indexOf(PREFIX) === 0) announce(event.key.slice(PREFIX.length));
  });

  /* Material's instant navigation swaps pages without reloading: it announces each new page on document$. */
  function onEveryPage(setUp) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(setUp);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", setUp);
    } else {
      setUp();
    }
  }

  function ids(value) {
    return (value || "").split(" ").filter(function (id) { return id; });
  }

  /* Renames keep ticks: move ticks saved under a function's or an item's earlier ids (its
   * `formerly` list) to its id now. A tick already saved under the new id wins. Safe to run
   * on every page: once moved, nothing is left under the old ids. */
  function migrate(fn, formerFunctions, renamedItems) {
    var ticks = readTicks(fn);
    var changed = false;
    formerFunctions.forEach(function (old) {
      if (old === fn) return;
      var saved = readTicks(old);
      var keys = Object.keys(saved);
      if (!keys.length) return;
      keys.forEach(function (key) {
        if (!own.call(ticks, key)) ticks[key] = saved[key];
      });
      write(old, emptyTicks());
      changed = true;
    });
    Object.keys(renamedItems).forEach(function (id) {
      renamedItems[id].forEach(function (old) {
        if (old === id || !own.call(ticks, old)) return;
        if (!own.call(ticks, id)) ticks[id] = ticks[old];
        delete ticks[old];
        changed = true;
      });
    });
    if (changed) write(fn, ticks);
  }

  /* The ids arrive as data attributes (data-formerly on a checklist and its items) and in the
   * self-assessment overview's JSON: ids only, never text. */
  function migratePage() {
    document.querySelectorAll("[data-function]").forEach(function (el) {
      var items = {};
      el.querySelectorAll("[data-item][data-formerly]").forEach(function (item) {
        items[item.getAttribute("data-item")] = ids(item.getAttribute("data-formerly"));
      });
      migrate(el.getAttribute("data-function"), ids(el.getAttribute("data-formerly")), items);
    });
    document.querySelectorAll("[data-overview]").forEach(function (el) {
      var data;
      try {
        data = JSON.parse(el.getAttribute("data-overview"));
      } catch (e) {
        return;
      }
      (data.functions || []).forEach(function (fn) {
        var items = {};
        (fn.items || []).forEach(function (item) {
          if (item.formerly) items[item.id] = item.formerly;
        });
        migrate(fn.id, fn.formerly || [], items);
      });
    });
  }

  onEveryPage(migratePage);  // first: the other scripts read the ticks after it


  return { loadTicks: readTicks, changeTicks: changeTicks, replaceTicks: replaceTicks, tickDate: tickDate, today: today,
           emptyTicks: emptyTicks, noTicks: emptyTicks, onEveryPage: onEveryPage, migrate: migrate };
})();
