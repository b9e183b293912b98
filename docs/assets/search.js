/* Search: the box in Material's header (overrides/partials/search.html), answered by Pagefind.
 *
 * Pagefind's index, script and WebAssembly are written into <site>/pagefind/ at build time
 * (playbook/search.py); this script loads them from this site the first time the box is used,
 * then fetches only the index fragments a query needs. Results are built as DOM nodes with
 * text content only: the one piece of markup kept from Pagefind is <mark> in excerpts.
 *
 * Keys: "/" or "s" focus the box, arrow keys move through the results, Enter opens one,
 * Escape closes. Material's instant navigation keeps the header, so this runs once per load.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-pb-search]");
  var toggle = document.getElementById("__search");
  if (!root || !toggle) {
    return;
  }
  var input = root.querySelector("[data-pb-search-input]");
  var form = input.form;
  var status = document.getElementById("pb-search-status");
  var list = document.getElementById("pb-search-results");
  var facetBox = root.querySelector(".pb-search-facets");
  var facets = Array.prototype.slice.call(root.querySelectorAll("select[data-pb-facet]"));
  var more = root.querySelector(".pb-search-more");
  // Resolved once: instant navigation changes the page's address, not the site's.
  var bundle = new URL(root.getAttribute("data-pb-bundle"), document.baseURI);
  var PAGE_SIZE = 10;
  // A record's names (its title and aliases) come as the metadata "names-wN", where N is how
  // much a match counts (playbook.search.NAME_WEIGHTS); Pagefind counts a title match 5 times a
  // body match. The kind is shown with each result, never a reason to rank it.
  var RANKING = { metaWeights: { title: 5.0, kind: 0.0 } };
  for (var weight = 1; weight <= 10; weight++) {
    RANKING.metaWeights["names-w" + weight] = weight;
  }

  var engine = null;
  var latest = 0;
  var shown = PAGE_SIZE;
  var found = null;

  status.textContent = "Type to start searching";

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: new URL("..", bundle).pathname, ranking: RANKING, excerptLength: 24 })
          .then(function () { return pagefind.filters(); })
          .then(function (filters) {
            fillFacets(filters);
            return pagefind;
          });
      });
      engine.catch(function () {
        status.textContent = "Search could not be loaded. Reload the page to try again.";
      });
    }
    return engine;
  }

  function fillFacets(filters) {
    facets.forEach(function (select) {
      var values = Object.keys(filters[select.getAttribute("data-pb-facet")] || {}).sort();
      values.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        select.appendChild(option);
      });
    });
    facetBox.hidden = false;
  }

  function chosenFilters() {
    var chosen = {};
    facets.forEach(function (select) {
      if (select.value) {
        chosen[select.getAttribute("data-pb-facet")] = select.value;
      }
    });
    return chosen;
  }

  function search() {
    var query = input.value.trim();
    var filters = chosenFilters();
    var mine = ++latest;
    shown = PAGE_SIZE;
    if (!query && !Object.keys(filters).length) {
      found = null;
      list.textContent = "";
      more.hidden = true;
      status.textContent = "Type to start searching";
      root.removeAttribute("data-pb-results-for");
      return;
    }
    load().then(function (pagefind) {
      return pagefind.search(query || null, { filters: filters });
    }).then(function (result) {
      if (mine === latest) {
        found = result;
        return show(mine).then(function () {
          // Which query the list answers: results arrive after the last key, not with it.
          if (mine === latest) {
            root.setAttribute("data-pb-results-for", JSON.stringify([query, filters]));
          }
        });
      }
    });
  }

  function show(mine) {
    var results = found ? found.results : [];
    return Promise.all(results.slice(0, shown).map(function (r) { return r.data(); })).then(function (pages) {
      if (mine !== latest) {
        return;
      }
      list.textContent = "";
      pages.forEach(function (page) {
        list.appendChild(resultItem(page));
      });
      var n = results.length;
      status.textContent = n === 0 ? "No matching documents" : n === 1 ? "1 matching document" : n + " matching documents";
      more.hidden = n <= shown;
    });
  }

  function resultItem(page) {
    var item = element("li", "md-search-result__item");
    var link = element("a", "md-search-result__link");
    link.href = page.url;
    var article = element("article", "md-search-result__article md-typeset");
    var title = element("span", "pb-result-title", page.meta.title || page.url);
    var kind = element("span", "pb-result-kind", page.meta.kind || "Page");
    var excerpt = element("span", "pb-result-excerpt");
    appendExcerpt(excerpt, page.excerpt || "");
    article.appendChild(title);
    article.appendChild(kind);
    article.appendChild(excerpt);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    el.className = className;
    if (text !== undefined) {
      el.textContent = text;
    }
    return el;
  }

  // Pagefind's excerpt is escaped text with <mark> around the words that matched. Keep the
  // marks; every other piece becomes a text node (a textarea decodes entities, never tags).
  var decoder = document.createElement("textarea");

  function appendExcerpt(target, excerpt) {
    excerpt.split(/(<mark>|<\/mark>)/).reduce(function (marked, piece) {
      if (piece === "<mark>" || piece === "</mark>") {
        return piece === "<mark>";
      }
      decoder.innerHTML = piece;
      var text = document.createTextNode(decoder.value);
      if (marked) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        target.appendChild(mark);
      } else {
        target.appendChild(text);
      }
      return marked;
    }, false);
  }

  // Opening and closing: Material's stylesheet shows the results while #__search is checked.

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
    }
    load();
  }

  function close() {
    toggle.checked = false;
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if ((event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target)) {
      event.preventDefault();
      open();
      input.focus();
      input.select();
    }
  });

  input.addEventListener("focus", open);
  input.addEventListener("input", search);
  facets.forEach(function (select) {
    select.addEventListener("change", search);
  });
  more.addEventListener("click", function () {
    shown += PAGE_SIZE;
    var first = links().length;
    show(latest).then(function () {
      var next = links()[first];
      if (next) {
        next.focus();
      }
    });
  });
  form.addEventListener("reset", function () {
    window.setTimeout(function () {
      search();
      input.focus();
    });
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) {
      first.click();
    }
  });

  root.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      input.blur();
    } else if (event.key === "ArrowDown" && (event.target === input || at >= 0)) {
      event.preventDefault();
      if (all[at + 1]) {
        all[at + 1].focus();
      }
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at > 0 ? all[at - 1] : input).focus();
    }
  });

  // Leaving the search with Tab closes it, as a click on the page does (Material's overlay).
  root.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !root.contains(event.relatedTarget)) {
      close();
    }
  });

  // On a phone the magnifier in the header checks #__search: put the cursor in the box.
  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      input.focus();
    }
  });

  // A result opened with instant navigation: the new page starts with the search closed.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () {
      if (document.activeElement && root.contains(document.activeElement)) {
        document.activeElement.blur();
      }
      close();
    });
  }

  // A query typed before this script ran (a slow page) is answered, not dropped.
  if (input.value) {
    search();
  }
})();
