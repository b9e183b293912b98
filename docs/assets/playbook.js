/* What the playbook's scripts share: the ticks stored in this browser, and running once per page.
 *
 * Ticks live in localStorage under "playbook-checklist:<function id>" as {"<item id>": true},
 * so rewording an item keeps its tick. Nothing is sent anywhere.
 *
 * A set of ticks is an object with no prototype (noTicks): in a plain {} an item whose id is
 * "constructor" reads as ticked, because every object inherits Object.prototype.constructor.
 * Only own entries whose value is exactly true are read back from storage.
 */
window.playbook = (function () {
  "use strict";

  var PREFIX = "playbook-checklist:";

  function noTicks() {
    return Object.create(null);
  }

  function loadTicks(fn) {
    var ticks = noTicks();
    try {
      var saved = JSON.parse(window.localStorage.getItem(PREFIX + fn) || "{}");
      if (saved && typeof saved === "object" && !Array.isArray(saved)) {
        Object.keys(saved).forEach(function (id) {
          if (saved[id] === true) ticks[id] = true;
        });
      }
    } catch (e) {
      /* Unreadable storage: no ticks. */
    }
    return ticks;
  }

  function saveTicks(fn, ticks) {
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
    var ticks = loadTicks(fn);
    var changed = false;
    formerFunctions.forEach(function (old) {
      if (old === fn) return;
      var saved = loadTicks(old);
      var keys = Object.keys(saved);
      if (!keys.length) return;
      keys.forEach(function (key) {
        if (!Object.prototype.hasOwnProperty.call(ticks, key)) ticks[key] = saved[key];
      });
      saveTicks(old, {});
      changed = true;
    });
    Object.keys(renamedItems).forEach(function (id) {
      renamedItems[id].forEach(function (old) {
        if (old === id || !Object.prototype.hasOwnProperty.call(ticks, old)) return;
        if (!Object.prototype.hasOwnProperty.call(ticks, id)) ticks[id] = ticks[old];
        delete ticks[old];
        changed = true;
      });
    });
    if (changed) saveTicks(fn, ticks);
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

  return { loadTicks: loadTicks, saveTicks: saveTicks, noTicks: noTicks, onEveryPage: onEveryPage, migrate: migrate };
})();
