/* Search: the box in Material's header (overrides/partials/search.html), answered by Pagefind.
 *
 * Pagefind's index, script and WebAssembly are written into <site>/pagefind/ at build time
 * (playbook/lexicon.py); this script loads them from this site the first time the box is used,
 * then fetches only the index fragments a query needs. Beside it, the lexicon (<site>/lexicon/,
 * made by the same build) tells this script how to read a query: the glossary's abbreviations and
 * other names, the filler words, and the index's own words, one small file per first letter,
 * fetched as a word is typed. A query is read in four steps:
 *
 *   1. a glossary name ("nps", "voice of the customer") is kept, and its term searched as well;
 *   2. question and filler words ("how", "the") are left out, unless nothing else is left;
 *   3. a word the index does not know is corrected to the nearest word it knows, by the typo rule
 *      of playbook.lexicon (one edit from 5 letters, two from 9, the first letter as typed);
 *   4. when fewer than a handful of pages hold every word, pages that hold some of them follow.
 *
 * Pages come first: a page whose names (title, aliases, glossary terms) hold every word of the
 * query comes before the others, and a checklist item is shown under its function's result.
 * Results are built as DOM nodes with text content only: the one piece of markup kept from
 * Pagefind is <mark> in excerpts. Typing waits for a pause (WAIT ms) and a second character, and
 * an answer that arrives after a newer query is dropped.
 *
 * Keys: "/" or "s" focus the box, arrow keys move through the results, Enter opens one,
 * Escape closes. Material's instant navigation keeps the header, so this runs once per load.
 */
(function () {
  "use strict";

  /* The rules that playbook/lexicon.py applies too (tests/test_search.py checks both against one table). */

  var DEFAULT_FILLER = ["how", "what", "is", "do", "we", "our", "my", "can", "the"];

  function queryWords(text, keepCase) {
    return text.split(/\s+/).map(function (token) {
      var plain = (keepCase ? token : token.toLowerCase()).normalize("NFKD");
      return plain.replace(/[\u0300-\u036f]/g, "").replace(/[^\p{L}\p{N}]/gu, "");
    }).filter(function (word) { return word !== ""; });
  }

  function typoBudget(word, rule) {
    return word.length >= rule.twoTypos ? 2 : word.length >= rule.oneTypo ? 1 : 0;
  }

  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var before = [];
    var row = [];
    for (var j = 0; j <= b.length; j++) row.push(j);
    for (var i = 1; i <= a.length; i++) {
      var current = [i];
      var least = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
        current.push(value);
        if (value < least) least = value;
      }
      if (least > limit) return limit + 1;
      before = row;
      row = current;
    }
    return Math.min(row[b.length], limit + 1);
  }

  var ENDINGS = [["ies", "y"], ["es", ""], ["es", "e"], ["s", ""], ["ing", ""], ["ing", "e"], ["ed", ""], ["ed", "e"], ["'s", ""]];

  function stems(word) {
    var found = [word];
    ENDINGS.forEach(function (pair) {
      var ending = pair[0];
      var stem = word.slice(0, word.length - ending.length) + pair[1];
      if (word.length > ending.length && word.slice(-ending.length) === ending && !/(ss|us)$/.test(word) && stem.length >= 3 && found.indexOf(stem) < 0) {
        found.push(stem);
      }
    });
    return found;
  }

  function isKnown(word, vocabulary) {
    var forms = stems(word);
    return vocabulary.some(function (known) {
      return forms.some(function (form) { return known.lastIndexOf(form, 0) === 0; });
    });
  }

  function correction(word, vocabulary, rule) {
    var budget = typoBudget(word, rule);
    if (budget === 0 || /\d/.test(word) || isKnown(word, vocabulary)) return null;
    var best = null;
    var bestDistance = budget + 1;
    for (var i = 0; i < vocabulary.length; i++) {
      var candidate = vocabulary[i];
      if (candidate[0] !== word[0]) continue;
      var distance = editDistance(word, candidate, bestDistance - 1);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
        if (distance === 1) break;
      }
    }
    return best;
  }

  /* The file of the index's words a word is looked up in: its first letter, or "_" for the words
   * that begin with any other letter (playbook.lexicon.lexicon). */
  function letterOf(word) {
    return /^[a-z]/.test(word) ? word[0] : "_";
  }

  /* Reading a query: glossary names, filler words, typos. `words(letter)` gives the index's words
   * that begin with a letter (null when they are not loaded: then nothing is corrected). With
   * `corrections` false, a word is searched as typed. A word the index does not know and the typo
   * rule cannot correct is left out (`unknown`): Pagefind would shrink it to a prefix that matches
   * nearly every page. */
  function understand(raw, lexicon, words, corrections) {
    var typed = raw.trim().split(/\s+/).filter(function (token) { return queryWords(token).length; });
    var lower = typed.map(function (token) { return queryWords(token).join(""); });
    var cased = typed.map(function (token) { return queryWords(token, true).join(""); });
    var filler = lexicon.filler || DEFAULT_FILLER;
    var names = lexicon.names || {};
    // Typos first, so that a corrected word can be part of a glossary name.
    var corrected = [];
    var unknown = {};
    lower.forEach(function (word, i) {
      var known = filler.indexOf(word) < 0 ? words(letterOf(word)) : null;
      if (!known || /\d/.test(word) || word.length < 3 || isKnown(word, known)) return;
      var better = corrections === false ? null : correction(word, known, lexicon.rule);
      if (better) {
        corrected.push({ from: typed[i], to: better });
        typed[i] = lower[i] = cased[i] = better;
      } else {
        unknown[i] = true;
      }
    });
    var units = [];
    for (var i = 0; i < typed.length;) {
      var found = null;
      for (var n = Math.min(6, typed.length - i); n >= 1 && !found; n--) {
        var key = lower.slice(i, i + n).join(" ");
        if (n === 1 && filler.indexOf(key) >= 0) key = cased[i];
        if (Object.prototype.hasOwnProperty.call(names, key)) found = { length: n, term: names[key] };
      }
      if (found) {
        units.push({ text: typed.slice(i, i + found.length).join(" "), term: found.term, words: lower.slice(i, i + found.length) });
        i += found.length;
      } else {
        units.push({ text: typed[i], words: [lower[i]], filler: filler.indexOf(lower[i]) >= 0, unknown: unknown[i] === true });
        i += 1;
      }
    }
    var content = units.filter(function (unit) { return !unit.filler; });
    if (!content.length) content = units;  // a query of filler words alone is searched as typed
    var kept = content.filter(function (unit) { return !unit.unknown; });
    var plain = kept.map(function (unit) { return unit.text; }).join(" ");
    var withTerms = kept.map(function (unit) { return unit.term !== undefined ? lexicon.terms[unit.term] : unit.text; }).join(" ");
    return {
      query: plain,
      alternative: withTerms !== plain ? withTerms : null,
      units: kept.map(function (unit) { return unit.text; }),
      keys: kept.map(function (unit) { return unit.words; }),
      terms: kept.filter(function (unit) { return unit.term !== undefined; }).map(function (unit) { return unit.term; }),
      corrected: corrected,
      unknown: content.filter(function (unit) { return unit.unknown; }).map(function (unit) { return unit.text; })
    };
  }

  window.playbookSearch = { letterOf: letterOf, queryWords: queryWords, typoBudget: typoBudget, editDistance: editDistance, stems: stems, isKnown: isKnown, correction: correction, understand: understand };

  /* The search box. */

  var root = document.querySelector("[data-pb-search]");
  var toggle = document.getElementById("__search");
  if (!root || !toggle) {
    return;
  }
  var input = root.querySelector("[data-pb-search-input]");
  var form = input.form;
  var status = document.getElementById("pb-search-status");
  var notice = document.getElementById("pb-search-notice");
  var list = document.getElementById("pb-search-results");
  var facetBox = root.querySelector(".pb-search-facets");
  var facets = Array.prototype.slice.call(root.querySelectorAll("select[data-pb-facet]"));
  var more = root.querySelector(".pb-search-more");
  // Resolved once: instant navigation changes the page's address, not the site's.
  var bundle = new URL(root.getAttribute("data-pb-bundle"), document.baseURI);
  var lexiconBase = new URL(root.getAttribute("data-pb-lexicon"), document.baseURI);
  var siteBase = new URL("..", bundle);
  var PAGE_SIZE = 10;
  var WAIT = 120;  // ms of quiet after a key before searching
  var FEW = 10;  // fewer pages than this hold every word: pages that hold some of them are ranked with them
  var SUBS = 3;  // checklist items shown under their function's result
  var TERM_SHARE = 0.5;  // what a page found by a glossary name's term counts, against one found by the name
  var LOOK_AHEAD = 5;  // results read beyond those shown, to find the pages named by the query and the items of a function
  var ITEM = "Checklist item";
  var GLOSSARY = "Glossary term";
  // A record's names (its title and aliases) come as the metadata "names-wN", the names of each
  // glossary term that belongs to it as "terms-wN-K", where N is how much a match counts
  // (playbook.search); Pagefind counts a title match 5 times a body match. The kind is shown
  // with each result, never a reason to rank it.
  var RANKING = { metaWeights: { title: 5.0, kind: 0.0 } };
  var TERM_FIELDS = 24;  // playbook.search.MAX_TERM_FIELDS: one field per glossary term of a record
  for (var weight = 1; weight <= 10; weight++) {
    RANKING.metaWeights["names-w" + weight] = weight;
    for (var field = 1; field <= TERM_FIELDS; field++) RANKING.metaWeights["terms-w" + weight + "-" + field] = weight;
  }

  var engine = null;
  var lexicon = null;
  var wordFiles = {};
  var latest = 0;
  var timer = null;
  var shown = PAGE_SIZE;
  var found = null;
  var facetsFilled = null;

  status.textContent = "Type to start searching";

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: siteBase.pathname, ranking: RANKING, excerptLength: 24 }).then(function () { return pagefind; });
      });
      engine.catch(function () {
        status.textContent = "Search could not be loaded. Reload the page to try again.";
      });
      lexicon = fetchJSON(new URL("lexicon.json", lexiconBase)).catch(function () {
        return { filler: DEFAULT_FILLER, names: {}, terms: [], words: {}, rule: { oneTypo: 5, twoTypos: 9 } };
      });
    }
    return engine;
  }

  function fetchJSON(url) {
    return fetch(url.href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + url.href);
      return response.json();
    });
  }

  /* The index's words that begin with `letter`, fetched once; [] when there are none. */
  function wordsFor(lex, letter) {
    if (!wordFiles[letter]) {
      var name = lex.words && Object.prototype.hasOwnProperty.call(lex.words, letter) ? lex.words[letter] : null;
      wordFiles[letter] = name ? fetchJSON(new URL(name, lexiconBase)).catch(function () { return []; }) : Promise.resolve([]);
    }
    return wordFiles[letter];
  }

  /* While the reader types, fetch what the words typed so far will need. */
  function prepare(query) {
    load().then(function (pagefind) {
      var words = query.trim().split(/\s+/);
      var last = words[words.length - 1] || "";
      if (queryWords(last).join("").length >= 3) pagefind.preload(last);
    });
    lexicon.then(function (lex) {
      queryWords(query).forEach(function (word) { wordsFor(lex, letterOf(word)); });
    });
  }

  /* The facets' choices, once: after the first results, off the path to them. */
  function fillFacets(pagefind) {
    if (!facetsFilled) facetsFilled = pagefind.filters().then(function (filters) {
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
    });
    return facetsFilled;
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

  function clear(message) {
    found = null;
    list.textContent = "";
    notice.textContent = "";
    notice.hidden = true;
    more.hidden = true;
    status.textContent = message;
    root.removeAttribute("data-pb-results-for");
  }

  function schedule() {
    window.clearTimeout(timer);
    latest++;  // a newer query: whatever an older one still brings back is dropped
    var query = input.value.trim();
    if (!query && !Object.keys(chosenFilters()).length) {
      clear("Type to start searching");
      return;
    }
    if (queryWords(query).join("").length < 2 && !Object.keys(chosenFilters()).length) {
      clear("Type at least two letters");
      return;
    }
    prepare(query);
    timer = window.setTimeout(function () { search(); }, WAIT);
  }

  function search(asTyped) {
    window.clearTimeout(timer);
    var query = input.value.trim();
    var filters = chosenFilters();
    var mine = ++latest;
    shown = PAGE_SIZE;
    if (!query && !Object.keys(filters).length) {
      clear("Type to start searching");
      return Promise.resolve();
    }
    return load().then(function (pagefind) {
      return lexicon.then(function (lex) {
        var letters = query ? queryWords(query).map(letterOf) : [];
        return Promise.all(letters.map(function (letter) { return wordsFor(lex, letter); })).then(function (lists) {
          var byLetter = {};
          letters.forEach(function (letter, i) { byLetter[letter] = lists[i]; });
          var exact = /^\s*".+"\s*$/.test(query);
          var words = function (letter) { return byLetter[letter] || null; };
          var full = query && !exact ? understand(query, lex, words) : null;
          var plan = !full ? { query: query, alternative: null, units: [query], keys: [], terms: [], corrected: [], unknown: [] }
            : asTyped ? understand(query, lex, words, false) : full;
          if (query && !plan.query) {
            return { plan: plan, results: [], lexicon: lex, asTyped: asTyped, suggested: full ? full.corrected : [] };
          }
          return run(pagefind, plan, filters).then(function (results) {
            return { plan: plan, results: results, lexicon: lex, asTyped: asTyped, suggested: full ? full.corrected : [] };
          });
        });
      }).then(function (answer) {
        if (mine !== latest) return;
        answer.query = query;
        found = answer;
        return show(mine).then(function () {
          return fillFacets(pagefind);
        }).then(function () {
          // Which query the list answers: results arrive after the last key, not with it.
          if (mine === latest) {
            root.setAttribute("data-pb-results-for", JSON.stringify([query, filters]));
          }
        });
      });
    });
  }

  /* Pagefind's results for a plan: every word first (the query, and the same with each glossary
   * name replaced by its term, the better score of the two), then, when that finds few, the
   * pages that hold some of the words, those with more of them first. */
  function run(pagefind, plan, filters) {
    var options = { filters: filters };
    var searches = [pagefind.search(plan.query || null, options)];
    if (plan.alternative) searches.push(pagefind.search(plan.alternative, options));
    return Promise.all(searches).then(function (answers) {
      // The words as typed lead; their glossary terms, searched in full, add the pages that use them.
      var all = merge(answers.map(function (answer) { return answer.results; }), [1, TERM_SHARE]);
      if (all.length >= FEW || plan.units.length < 2) return all;
      return relax(pagefind, plan.units.slice(0, 6), options, all);
    });
  }

  /* Few pages hold every word: search again with one word left out, each word in turn (then, if
   * that is still not enough, each word alone), and rank every page found by its best score,
   * scaled by the share of the words that search held. A page named by most of the words can
   * then come before pages that only mention them all; no word is dropped for being last. */
  function relax(pagefind, units, options, all) {
    var ranked = {};
    function add(results, share) {
      results.forEach(function (r) {
        var score = r.score * share;
        if (!ranked[r.id] || ranked[r.id].rank < score) ranked[r.id] = { result: r, rank: score };
      });
    }
    function without(size) {
      var groups = size === 1 ? units.map(function (unit) { return [unit]; }) : units.map(function (_, i) {
        return units.filter(function (__, j) { return j !== i; });
      });
      return Promise.all(groups.map(function (group) { return pagefind.search(group.join(" "), options); })).then(function (answers) {
        answers.forEach(function (answer) { add(answer.results, size / units.length); });
      });
    }
    add(all, 1);
    var steps = without(units.length - 1);
    if (units.length > 2) {
      steps = steps.then(function () { return Object.keys(ranked).length < FEW ? without(1) : null; });
    }
    return steps.then(function () {
      return Object.keys(ranked).map(function (id) { return ranked[id]; })
        .sort(function (a, b) { return b.rank - a.rank; })
        .map(function (entry) { return entry.result; });
    });
  }

  /* One list of results from several searches, each result with its best score, weighted by `shares`. */
  function merge(lists, shares) {
    var best = {};
    lists.forEach(function (results, i) {
      results.forEach(function (r) {
        var score = r.score * shares[i];
        if (!best[r.id] || best[r.id].rank < score) best[r.id] = { result: r, rank: score };
      });
    });
    return Object.keys(best).map(function (id) { return best[id]; })
      .sort(function (a, b) { return b.rank - a.rank; })
      .map(function (entry) { return entry.result; });
  }

  /* The results as the reader sees them: pages, a checklist item under its function's result,
   * and first the pages whose names hold every word of the query. Loads each result's data
   * (title, excerpt) for as many results as the list shows, and a few more. */
  function arrange(mine) {
    var results = found.results;
    var nested = chosenFilters().kind !== ITEM;
    var want = Math.min(results.length, shown + LOOK_AHEAD);
    return Promise.all(results.slice(0, want).map(function (r) { return r.data(); })).then(function (pages) {
      if (mine !== latest) return null;
      var entries = [];
      var groups = {};
      pages.forEach(function (page, i) {
        var isItem = (page.meta && page.meta.kind) === ITEM;
        // An item belongs to the page at its address without the anchor; other results own their full address.
        var url = isItem ? page.url.split("#")[0] : page.url;
        if (isItem && nested) {
          var group = groups[url];
          if (!group) {
            var fn = page.filters && page.filters.function ? page.filters.function[0] : "";
            group = groups[url] = { page: null, url: url, title: fn, items: [], order: i, named: false };
            entries.push(group);
          }
          group.items.push(page);
        } else if (groups[url] && !isItem) {
          groups[url].page = page;
          groups[url].named = namedFor(page);
        } else {
          var entry = { page: page, url: url, items: [], order: i, named: !isItem && namedFor(page) };
          if (!isItem) groups[url] = entry;
          entries.push(entry);
        }
      });
      // First the pages one of whose own names is what was typed (a glossary term after the
      // records), then the pages whose names hold every word, then the rest; each by score.
      entries.forEach(function (entry) {
        var exact = entry.page && exactFor(entry.page);
        entry.tier = exact ? (entry.page.meta.kind === GLOSSARY ? 1 : 0) : entry.named ? 2 : 3;
      });
      var ordered = entries.map(function (entry, i) { return [entry, i]; })
        .sort(function (a, b) { return a[0].tier - b[0].tier || a[1] - b[1]; })
        .map(function (pair) { return pair[0]; });
      return termsAfterTheirRecords(ordered);
    });
  }

  /* A glossary term comes just after the first of its records that the list shows above it
   * (within the first page of results), as the explanation of that record. A record carries the
   * names of each term it belongs to in a field of its own, the term first ("terms-wN-K"). */
  function termsAfterTheirRecords(entries) {
    var out = entries.slice();
    entries.forEach(function (entry) {
      var meta = entry.page && entry.page.meta;
      if (!meta || meta.kind !== GLOSSARY) return;
      var names = Object.keys(meta).filter(function (field) { return /^names-w\d+$/.test(field); });
      if (!names.length) return;
      var term = meta[names[0]].split(" · ")[0];
      var at = out.indexOf(entry);
      for (var j = at + 1; j < Math.min(out.length, shown); j++) {
        if (belongsTo(out[j], term)) {
          out.splice(at, 1);
          out.splice(j, 0, entry);
          return;
        }
      }
    });
    return out;
  }

  function belongsTo(entry, term) {
    var meta = (entry.page && entry.page.meta) || {};
    return Object.keys(meta).some(function (field) {
      return /^terms-w\d+-\d+$/.test(field) && (meta[field] === term || meta[field].lastIndexOf(term + " · ", 0) === 0);
    });
  }

  /* Whether one of a page's own names (title, aliases), filler words aside, is the query. */
  function exactFor(page) {
    var wanted = [].concat.apply([], found.plan.keys);
    if (!wanted.length) return false;
    var meta = page.meta || {};
    var names = [meta.title || ""];
    Object.keys(meta).forEach(function (field) {
      if (/^names-w\d+$/.test(field)) names = names.concat(meta[field].split(" · "));
    });
    var filler = found.lexicon.filler || DEFAULT_FILLER;
    return names.some(function (name) {
      return [name, name.replace(/\s*\([^)]*\)\s*/g, " ")].some(function (form) {
        var words = queryWords(form.replace(/[^\p{L}\p{N}]+/gu, " ")).filter(function (w) { return filler.indexOf(w) < 0; });
        return words.length === wanted.length && words.every(function (word, i) {
          return word === wanted[i] || stems(word).indexOf(wanted[i]) >= 0 || stems(wanted[i]).indexOf(word) >= 0;
        });
      });
    });
  }

  /* Whether a page's names (title, aliases, glossary terms) hold every word of the query. */
  function namedFor(page) {
    var keys = found.plan.keys;
    if (!keys.length) return false;
    var meta = page.meta || {};
    var text = Object.keys(meta).filter(function (name) { return name === "title" || /^(names-w\d+|terms-w\d+-\d+)$/.test(name); })
      .map(function (name) { return meta[name]; }).join(" ");
    var names = queryWords(text.replace(/[^\p{L}\p{N}]+/gu, " "));
    return keys.every(function (words) {
      return words.every(function (word) {
        return stems(word).some(function (form) {
          return names.some(function (name) { return name.lastIndexOf(form, 0) === 0; });
        });
      });
    });
  }

  function show(mine) {
    if (!found) return Promise.resolve();
    return arrange(mine).then(function (entries) {
      if (entries === null || mine !== latest) return;
      list.textContent = "";
      entries.slice(0, shown).forEach(function (entry) {
        list.appendChild(resultItem(entry));
      });
      showNotice(entries.length);
      var query = found.query;
      var total = found.results.length;
      if (!entries.length) {
        status.textContent = query ? "No results for “" + query + "”." : "No results with these filters.";
      } else {
        status.textContent = (total === 1 ? "1 result" : total + " results") + (query ? " for “" + query + "”" : "");
      }
      more.hidden = entries.length <= shown && Math.min(total, shown + LOOK_AHEAD) >= total;
    });
  }

  /* "Showing results for …", the words no page holds, and what to try when nothing was found. */
  function showNotice(count) {
    notice.textContent = "";
    var plan = found.plan;
    var lex = found.lexicon;
    var typedQuery = found.query;
    if (plan.corrected.length && !found.asTyped) {
      var line = element("p", "pb-search-corrected");
      line.appendChild(document.createTextNode("Showing results for "));
      line.appendChild(element("strong", "", plan.query));
      line.appendChild(document.createTextNode(" · Search instead for "));
      line.appendChild(button(typedQuery, function () { search(true); }));
      notice.appendChild(line);
    }
    if (plan.unknown.length && count) {
      notice.appendChild(element("p", "pb-search-unknown", "No page mentions " + plan.unknown.map(quoted).join(" or ") + "."));
    }
    if (count === 0) {
      var help = element("div", "pb-search-nothing");
      if (found.asTyped && found.suggested.length) {
        var again = element("p", "");
        again.appendChild(document.createTextNode("Did you mean "));
        again.appendChild(button(found.suggested.map(function (c) { return c.to; }).join(" "), function () { search(); }));
        again.appendChild(document.createTextNode("?"));
        help.appendChild(again);
      } else if (plan.unknown.length) {
        help.appendChild(element("p", "", "No page mentions " + plan.unknown.map(quoted).join(" or ") + ", and no word of the playbook is close enough to correct it."));
      }
      var glossary = element("p", "");
      glossary.appendChild(document.createTextNode("A term or an abbreviation may be in the "));
      var link = element("a", "", "Glossary");
      link.href = new URL(lex.glossary || "glossary/", siteBase).pathname;
      glossary.appendChild(link);
      glossary.appendChild(document.createTextNode(". Or start from your function:"));
      help.appendChild(glossary);
      var functions = element("ul", "pb-search-functions");
      help.appendChild(functions);
      // The list of functions is a file of its own, fetched only when a search finds nothing.
      if (lex.functions) {
        fetchJSON(new URL(lex.functions, lexiconBase)).then(function (all) {
          all.forEach(function (fn) {
            var item = element("li", "");
            var a = element("a", "", fn.name);
            a.href = new URL(fn.url, siteBase).pathname;
            item.appendChild(a);
            functions.appendChild(item);
          });
        }).catch(function () { /* the glossary link is still there */ });
      }
      notice.appendChild(help);
    }
    notice.hidden = !notice.childNodes.length;
  }

  function quoted(word) {
    return "“" + word + "”";
  }

  function button(label, action) {
    var b = element("button", "pb-search-as-typed", label);
    b.type = "button";
    b.addEventListener("click", action);
    return b;
  }

  function resultItem(entry) {
    var item = element("li", "md-search-result__item");
    var page = entry.page;
    var link = element("a", "md-search-result__link");
    link.href = page ? page.url : entry.url;
    var article = element("article", "md-search-result__article md-typeset");
    article.appendChild(element("span", "pb-result-title", page ? page.meta.title || page.url : entry.title));
    article.appendChild(element("span", "pb-result-kind", page ? page.meta.kind || "Page" : "Function"));
    var excerpt = element("span", "pb-result-excerpt");
    if (page) {
      appendExcerpt(excerpt, page.excerpt || "");
    } else {
      excerpt.textContent = entry.items.length === 1 ? "A checklist item matches:" : "Checklist items match:";
    }
    article.appendChild(excerpt);
    link.appendChild(article);
    item.appendChild(link);
    if (entry.items.length) {
      var subs = element("ul", "pb-result-items");
      subs.setAttribute("aria-label", "Checklist items");
      entry.items.slice(0, SUBS).forEach(function (sub) {
        var li = element("li", "md-search-result__item pb-result-item");
        var a = element("a", "md-search-result__link");
        a.href = sub.url;
        var box = element("article", "md-search-result__article md-typeset");
        box.appendChild(element("span", "pb-result-title", sub.meta.title || sub.url));
        box.appendChild(element("span", "pb-result-kind", ITEM));
        a.appendChild(box);
        li.appendChild(a);
        subs.appendChild(li);
      });
      item.appendChild(subs);
    }
    return item;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
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
  input.addEventListener("input", schedule);
  facets.forEach(function (select) {
    select.addEventListener("change", function () { search(); });
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
    // Enter before the pause: answer now, then open the first result.
    var pending = root.getAttribute("data-pb-results-for") === JSON.stringify([input.value.trim(), chosenFilters()]) ? Promise.resolve() : search();
    pending.then(function () {
      var first = links()[0];
      if (first) {
        first.click();
      }
    });
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
