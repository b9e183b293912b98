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

  return { loadTicks: loadTicks, saveTicks: saveTicks, noTicks: noTicks, onEveryPage: onEveryPage };
})();
