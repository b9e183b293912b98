/* What the playbook's scripts share: the ticks stored in this browser, and running once per page.
 *
 * Ticks live in localStorage under "playbook-checklist:<function id>" as {"<item id>": true},
 * so rewording an item keeps its tick. Nothing is sent anywhere.
 */
window.playbook = (function () {
  "use strict";

  var PREFIX = "playbook-checklist:";

  function loadTicks(fn) {
    try {
      var saved = JSON.parse(window.localStorage.getItem(PREFIX + fn) || "{}");
      return saved && typeof saved === "object" ? saved : {};
    } catch (e) {
      return {};
    }
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

  return { loadTicks: loadTicks, saveTicks: saveTicks, onEveryPage: onEveryPage };
})();
