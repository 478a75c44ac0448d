// The finder (find/): one page where a query and the facet filters work together, over
// Pagefind's JavaScript API loaded from the site's own pagefind/ bundle (no outside request,
// no framework). Also: the small search form every page gets in the header, and the old
// browse/ and search/ addresses, which forward here with their query string.
//
// Records (SEARCH RECORD CONTRACT, search_records.py): filters theme, phase, support, region,
// evidence, date (band ids; "not-reported" when a case is silent), and type=case|help, which
// is the bundle a page is in (load() below); meta title, tagline, date; sort date, title.
//
// URL state (FINDER URL STATE): ?q=..&theme=a,b&phase=..&support=..&region=..&evidence=..
// &date=..&sort=relevance|newest|title. Comma-separated ids within a facet are OR, facets
// are AND. The old repeated form (?theme=a&theme=b, browse.js) reads as the same state.
//
// Honest results: when a word is in no page, Pagefind falls back to a shorter prefix of it
// (down to one letter) and reports those pages as matches. Each query word of 3 letters or
// more is therefore checked once against what Pagefind actually matched (the <mark>ed words
// of the first results' excerpts, else the words at their `locations`): a word counts only
// if a matched word is a prefix match of it (or shares a stem with it: Pagefind stems
// "attendance" to "attend"). Words that fail are left out of the search; when none is left
// the page says "No case study mentions ...". Highlights on unchecked or short words are
// shown as plain text.
//
// Safety: every string from the index or the vocabulary is set with textContent; excerpts
// are split on <mark> tags only, each piece decoded as character references into a text node.
(function () {
  "use strict";

  var FACETS = [
    ["theme", "Theme"],
    ["phase", "Phase"],
    ["support", "Kind of support"],
    ["region", "Region"],
    ["evidence", "Evidence"],
    ["date", "Source date"],
  ];
  var NOT_REPORTED = "not-reported";
  var SILENT = { phase: "name no phase", region: "name no region", date: "have no dated source" };
  var SORTS = [
    ["relevance", "Best match"],
    ["newest", "Newest source first"],
    ["title", "Title A to Z"],
  ];
  var PAGE_SIZE = 10; // results drawn at once: each fetches its fragment
  var MIN_WORD = 3; // shorter words are neither searched nor highlighted
  var MERGE_LIMIT = 400; // most results read whole when results of several searches are merged
  var HELP_LIMIT = 3;
  var WIDE = window.matchMedia("(min-width: 960px)");

  function siteRoot() {
    var base = ".";
    var config = document.getElementById("__config");
    try {
      base = JSON.parse(config.textContent).base || ".";
    } catch (error) {
      // Without Material's config block, assume the page sits at the root.
    }
    return new URL(base.replace(/\/?$/, "/"), document.baseURI);
  }

  var root = siteRoot();

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(className, text) {
    var node = el("button", "md-button " + className, text);
    node.type = "button";
    return node;
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  // --- The header form, on every page: it opens the finder with ?q=.

  function finderUrl() {
    var meta = document.querySelector('meta[name="px-search-page"]');
    return new URL(meta ? meta.content : "find/", document.baseURI);
  }

  function addHeaderForm(onFinder) {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.querySelector(".px-header-search")) return null;
    var form = el("form", "px-header-search");
    form.setAttribute("role", "search");
    form.action = finderUrl().href;
    var label = el("label", "px-visually-hidden", "Search case studies");
    label.htmlFor = "px-header-q";
    var input = el("input");
    input.id = "px-header-q";
    input.type = "search";
    input.name = "q";
    input.autocomplete = "off";
    input.placeholder = "Search";
    form.appendChild(label);
    form.appendChild(input);
    header.appendChild(form);
    if (onFinder) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        onFinder(input.value);
      });
    }
    return form;
  }

  // --- Old addresses: browse/?theme=.. and search/?q=.. become find/ with the same state.

  function forward() {
    var hook = document.querySelector("[data-px-forward]");
    if (!hook) return false;
    var target = new URL(hook.getAttribute("data-px-forward"), document.baseURI);
    if (target.origin !== window.location.origin) return false;
    window.location.replace(target.pathname + window.location.search + window.location.hash);
    return true;
  }

  // --- Text helpers.

  var NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

  function decodeReferences(text) {
    return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, function (whole, name) {
      if (name.charAt(0) === "#") {
        var code = name.charAt(1).toLowerCase() === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return Object.prototype.hasOwnProperty.call(NAMED, name) ? NAMED[name] : whole;
    });
  }

  function fold(text) {
    return String(text || "")
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "");
  }

  function wordsOf(text) {
    return fold(text)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(function (word) {
        return word.length > 0;
      });
  }

  function queryWords(query) {
    var seen = {};
    return wordsOf(query).filter(function (word) {
      if (word.length < MIN_WORD || seen[word]) return false;
      seen[word] = true;
      return true;
    });
  }

  function commonPrefix(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a.charAt(n) === b.charAt(n)) n++;
    return n;
  }

  // Is `found`, a word Pagefind matched, a genuine match of the query word `word`? A prefix
  // match ("attend" finds "attendance"), the word's own stem ("attendances" finds
  // "attendance"), or a shared stem of most of the word ("attendance" finds "attending"):
  // a shared start of at least 3 letters and 60% of the query word. A fallback to one or
  // two letters ("zzzz" marking "zone") never passes.
  function genuine(found, word) {
    found = wordsOf(found).join("");
    if (found.length < MIN_WORD) return false;
    if (found.indexOf(word) === 0) return true;
    return commonPrefix(found, word) >= Math.max(MIN_WORD, Math.ceil(word.length * 0.6));
  }

  function markedWords(excerpt) {
    var words = [];
    String(excerpt || "").replace(/<mark>([\s\S]*?)<\/mark>/g, function (whole, inner) {
      words.push(decodeReferences(inner));
      return whole;
    });
    return words;
  }

  function matchedWords(data) {
    var marked = markedWords(data.excerpt);
    if (marked.length) return marked;
    var content = String(data.content || "").split(/\s+/);
    return (data.locations || []).map(function (at) {
      return content[at] || "";
    });
  }

  // The excerpt as nodes: <mark> kept only around words that genuinely match a query word.
  function excerptNodes(excerpt, words) {
    var fragment = document.createDocumentFragment();
    var marked = false;
    String(excerpt || "")
      .split(/(<mark>|<\/mark>)/)
      .forEach(function (piece) {
        if (piece === "<mark>") marked = true;
        else if (piece === "</mark>") marked = false;
        else if (piece) {
          var text = decodeReferences(piece);
          appendText(fragment, text, marked && matchesAny(text, words));
        }
      });
    return fragment;
  }

  function matchesAny(text, words) {
    return words.some(function (word) {
      return genuine(text, word);
    });
  }

  // A text node, in <mark> when it genuinely matches: every string reaches the page as text.
  function appendText(fragment, text, marked) {
    var node = document.createTextNode(text);
    if (marked) {
      var mark = el("mark");
      mark.appendChild(node);
      fragment.appendChild(mark);
    } else {
      fragment.appendChild(node);
    }
  }

  // Plain text as nodes, each word that genuinely matches a query word in <mark>.
  function markedText(text, words) {
    var fragment = document.createDocumentFragment();
    String(text || "")
      .split(/([\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*)/u)
      .forEach(function (piece, i) {
        if (piece) appendText(fragment, piece, i % 2 === 1 && matchesAny(piece, words));
      });
    return fragment;
  }

  // The query words Pagefind genuinely matched in this page (its excerpt's marks and the words at
  // its locations) that `shown` (the title and summary) does not hold.
  function mentionedFurther(data, words, shown) {
    var content = String(data.content || "").split(/\s+/);
    var hits = markedWords(data.excerpt).concat(
      (data.locations || []).map(function (at) {
        return content[at] || "";
      })
    );
    var visible = wordsOf(shown);
    return words.filter(function (word) {
      var inPage = hits.some(function (hit) {
        return genuine(hit, word);
      });
      var inView = visible.some(function (seen) {
        return genuine(seen, word);
      });
      return inPage && !inView;
    });
  }

  // Only links back into this site: a result URL comes from the index.
  function safeHref(url) {
    try {
      var resolved = new URL(url, root);
      if (resolved.origin === window.location.origin) return resolved.href;
    } catch (error) {
      // fall through
    }
    return null;
  }

  // Similarity of two short strings (Dice over letter pairs), for "nearest themes".
  function pairs(text) {
    var word = " " + fold(text).replace(/[^\p{L}\p{N}]+/gu, " ").trim() + " ";
    var out = [];
    for (var i = 0; i < word.length - 1; i++) out.push(word.slice(i, i + 2));
    return out;
  }

  function similarity(a, b) {
    var left = pairs(a);
    var right = pairs(b);
    var pool = right.slice();
    var shared = 0;
    left.forEach(function (pair) {
      var at = pool.indexOf(pair);
      if (at !== -1) {
        shared++;
        pool.splice(at, 1);
      }
    });
    return (2 * shared) / (left.length + right.length || 1);
  }

  // --- State and the address bar.

  function emptyFilters() {
    var filters = {};
    FACETS.forEach(function (facet) {
      filters[facet[0]] = [];
    });
    return filters;
  }

  function readState(vocabulary) {
    var params = new URLSearchParams(window.location.search);
    var state = { q: params.get("q") || "", sort: "", filters: emptyFilters() };
    FACETS.forEach(function (facet) {
      var key = facet[0];
      var known = {};
      (vocabulary[key] || []).forEach(function (option) {
        known[option.id] = true;
      });
      params.getAll(key).forEach(function (value) {
        value.split(",").forEach(function (id) {
          id = id.trim();
          if (known[id] && state.filters[key].indexOf(id) === -1) state.filters[key].push(id);
        });
      });
    });
    var sort = params.get("sort");
    if (SORTS.some(function (s) { return s[0] === sort; })) state.sort = sort;
    return state;
  }

  function defaultSort(state) {
    return state.q.trim() ? "relevance" : "title";
  }

  function sortOf(state) {
    return state.sort || defaultSort(state);
  }

  function writeState(state) {
    var parts = [];
    if (state.q.trim()) parts.push("q=" + encodeURIComponent(state.q.trim()));
    FACETS.forEach(function (facet) {
      var ids = state.filters[facet[0]];
      if (ids.length) parts.push(facet[0] + "=" + ids.map(encodeURIComponent).join(","));
    });
    if (state.sort && state.sort !== defaultSort(state)) parts.push("sort=" + state.sort);
    var qs = parts.join("&");
    history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : "") + window.location.hash);
  }

  function activeCount(state) {
    return FACETS.reduce(function (n, facet) {
      return n + state.filters[facet[0]].length;
    }, 0);
  }

  // --- Pagefind.

  var loading = null;
  var HELP_BUNDLE = "pagefind-help/";

  // Whether the site has the help pages' own bundle (the plugin always writes it; an index made
  // otherwise, as the Zensical trial's `pagefind --site`, is one bundle with its own filters).
  function hasHelpBundle() {
    return fetch(new URL(HELP_BUNDLE + "pagefind-entry.json", root).href, { method: "HEAD" }).then(
      function (response) {
        return response.ok;
      },
      function () {
        return false;
      }
    );
  }

  function load() {
    if (!loading) {
      var module = import(new URL("pagefind/pagefind.js", root).href);
      loading = Promise.all([module, hasHelpBundle()]).then(function (found) {
        var pf = found[0];
        var merged = found[1];
        // noWorker: search on the page itself, so no second copy of Pagefind's code is fetched.
        // The cases' bundle and the help pages' own one (site/pagefind.BUNDLES), merged: each
        // bundle's pages get their `type` here (mergeFilter), not from a filter index that
        // would list every case. A merged bundle shares the cases' WebAssembly.
        // filters() loads every filter's index up front: a search otherwise loads only the
        // filters it names, and its counts then lack every other facet.
        var options = { baseUrl: root.pathname, excerptLength: 30, noWorker: true };
        if (merged) options.mergeFilter = { type: "case" };
        return pf
          .options(options)
          .then(function () {
            if (!merged) return null;
            return pf.mergeIndex(new URL(HELP_BUNDLE, root).pathname, {
              baseUrl: root.pathname,
              excerptLength: 30,
              mergeFilter: { type: "help" },
            });
          })
          .then(function () {
            return pf.filters();
          })
          .then(function () {
            return pf;
          });
      });
    }
    return loading;
  }

  function pagefindFilters(type, filters, skip) {
    var out = { type: type };
    FACETS.forEach(function (facet) {
      var key = facet[0];
      if (key !== skip && filters && filters[key].length) out[key] = { any: filters[key].slice() };
    });
    return out;
  }

  function pagefindSort(sort) {
    if (sort === "newest") return { date: "desc" };
    if (sort === "title") return { title: "asc" };
    return undefined;
  }

  function search(pf, query, options) {
    var clean = {};
    Object.keys(options).forEach(function (key) {
      if (options[key] !== undefined) clean[key] = options[key];
    });
    return pf.search(query, clean);
  }

  // Does Pagefind genuinely hold `word` in pages of this type? Asked once per word and type.
  var checked = {};

  function holds(pf, word, type) {
    var key = type + ":" + word;
    if (!checked[key]) {
      checked[key] = search(pf, word, { filters: { type: type } }).then(function (found) {
        return Promise.all(
          found.results.slice(0, 2).map(function (result) {
            return result.data();
          })
        ).then(function (records) {
          return records.some(function (data) {
            return matchedWords(data).some(function (hit) {
              return genuine(hit, word);
            });
          });
        });
      });
    }
    return checked[key];
  }

  // Terms whose alias (or label) the query contains as whole words: "SENCO", "persistent absence".
  function aliasTerms(vocabulary, query) {
    var text = " " + wordsOf(query).join(" ") + " ";
    var found = [];
    FACETS.forEach(function (facet) {
      (vocabulary[facet[0]] || []).forEach(function (option) {
        if (option.id === NOT_REPORTED) return;
        var hit = (option.aliases || []).some(function (alias) {
          var words = wordsOf(alias).join(" ");
          return words && text.indexOf(" " + words + " ") !== -1;
        });
        if (hit) found.push({ key: facet[0], id: option.id, label: option.label });
      });
    });
    return found;
  }

  // --- The finder.

  function finder(container, vocabulary) {
    var labels = {};
    FACETS.forEach(function (facet) {
      labels[facet[0]] = {};
      (vocabulary[facet[0]] || []).forEach(function (option) {
        labels[facet[0]][option.id] = option.label;
      });
    });
    var state = readState(vocabulary);

    var form = el("form", "px-finder__search");
    form.setAttribute("role", "search");
    var qLabel = el("label", "px-finder__qlabel", "Search the case studies");
    qLabel.htmlFor = "px-finder-q";
    var row = el("div", "px-finder__row");
    var input = el("input");
    input.id = "px-finder-q";
    input.type = "search";
    input.name = "q";
    input.autocomplete = "off";
    input.value = state.q;
    var submit = el("button", "md-button md-button--primary px-finder__submit", "Search");
    submit.type = "submit";
    row.appendChild(input);
    row.appendChild(submit);
    form.appendChild(qLabel);
    form.appendChild(row);

    // Beside the results from 960 px, the filters are some sixty stops of the Tab key: a keyboard
    // reader can jump over them to the count, the sort and the results (hidden until focused).
    var skip = el("a", "px-finder__skip", "Skip the filters to the results");
    skip.href = "#px-finder-status";

    var toggle = button("px-finder__toggle", "Filters");
    toggle.setAttribute("aria-controls", "px-finder-filters");
    toggle.setAttribute("aria-expanded", "false");

    var layout = el("div", "px-finder__layout");
    var panel = el("div", "px-finder__filters");
    panel.id = "px-finder-filters";
    var filterHeading = el("h2", "px-finder__heading", "Filter");
    panel.appendChild(filterHeading);
    var hint = el("p", "px-finder__hint", "Ticks in one group widen the list (this or that); ticks in different groups narrow it.");
    panel.appendChild(hint);
    var boxes = {};
    var counters = {};
    FACETS.forEach(function (facet) {
      var key = facet[0];
      var group = el("fieldset", "px-finder__facet");
      group.appendChild(el("legend", null, facet[1]));
      (vocabulary[key] || []).forEach(function (option) {
        var id = "px-f-" + key + "-" + option.id;
        var line = el("div", "px-finder__option");
        var box = el("input");
        box.type = "checkbox";
        box.id = id;
        box.name = key;
        box.value = option.id;
        box.checked = state.filters[key].indexOf(option.id) !== -1;
        var label = el("label");
        label.htmlFor = id;
        label.appendChild(document.createTextNode(option.label + " "));
        var count = el("span", "px-finder__count");
        label.appendChild(count);
        line.appendChild(box);
        line.appendChild(label);
        group.appendChild(line);
        boxes[id] = box;
        counters[key + " " + option.id] = { line: line, node: count };
      });
      panel.appendChild(group);
    });
    var panelActions = el("div", "px-finder__panel-actions");
    var clear = button("px-finder__clear", "Clear all filters");
    var done = button("md-button--primary px-finder__done", "Show results");
    panelActions.appendChild(done);
    panelActions.appendChild(clear);
    panel.appendChild(panelActions);

    var main = el("div", "px-finder__main");
    var bar = el("div", "px-finder__bar");
    var status = el("p", "px-finder__status");
    status.id = "px-finder-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.tabIndex = -1; // the skip link's target: focused, so the next Tab goes on from here
    var sortWrap = el("div", "px-finder__sort");
    var sortLabel = el("label", null, "Sort");
    sortLabel.htmlFor = "px-finder-sort";
    var sortSelect = el("select");
    sortSelect.id = "px-finder-sort";
    SORTS.forEach(function (s) {
      var option = el("option", null, s[1]);
      option.value = s[0];
      sortSelect.appendChild(option);
    });
    sortWrap.appendChild(sortLabel);
    sortWrap.appendChild(sortSelect);
    bar.appendChild(status);
    bar.appendChild(sortWrap);
    var notes = el("div", "px-finder__notes");
    var resultsHeading = el("h2", "px-visually-hidden", "Case studies");
    var list = el("ol", "px-finder__results");
    list.setAttribute("aria-labelledby", "px-finder-status");
    var more = button("px-finder__more", "Show more case studies");
    more.hidden = true;
    var help = el("section", "px-finder__help");
    help.hidden = true;
    main.appendChild(bar);
    main.appendChild(notes);
    main.appendChild(resultsHeading);
    main.appendChild(list);
    main.appendChild(more);
    main.appendChild(help);

    layout.appendChild(panel);
    layout.appendChild(main);

    var shell = el("div", "px-finder__app");
    shell.appendChild(form);
    shell.appendChild(skip);
    shell.appendChild(toggle);
    shell.appendChild(layout);
    container.appendChild(shell);
    container.classList.add("px-finder--live");
    var stale = document.getElementById("px-finder-static");
    // No static list means a large collection (pages.FINDER_STATIC_LIMIT). Listing all of it
    // through Pagefind would fetch its whole word index (a search with no words loads every
    // chunk: 5 MB at 10,000 cases), so until there is a query or a filter the finder shows the
    // build's own counts and touches no index.
    var idle = !stale;
    if (stale) stale.remove();
    var idleCounts = {};
    FACETS.forEach(function (facet) {
      idleCounts[facet[0]] = {};
      (vocabulary[facet[0]] || []).forEach(function (option) {
        idleCounts[facet[0]][option.id] = option.count || 0;
      });
    });

    var current = { id: 0, results: [], shown: 0, words: [] };

    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      panel.classList.toggle("is-open", open);
    }

    function syncControls() {
      var n = activeCount(state);
      toggle.textContent = "Filters (" + n + ")";
      sortSelect.value = sortOf(state);
      Object.keys(boxes).forEach(function (id) {
        var box = boxes[id];
        box.checked = state.filters[box.name].indexOf(box.value) !== -1;
      });
    }

    function showCounts(counts) {
      Object.keys(counters).forEach(function (key) {
        var parts = key.split(" ");
        var n = (counts[parts[0]] || {})[parts[1]] || 0;
        var counter = counters[key];
        counter.node.textContent = "(" + n + ")";
        counter.line.classList.toggle("px-finder__option--none", n === 0);
      });
    }

    function keepInView() {
      // After a change the count and the first result must be on screen: on a wide screen the
      // filter column may have been scrolled past them; on a phone the open panel covers them.
      var top = status.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight - 160) status.scrollIntoView({ block: "start" });
    }

    function resultItem(data, words) {
      var item = el("li", "px-finder__result");
      item.setAttribute("data-url", data.url);
      var heading = el("h3", "px-finder__title");
      var title = (data.meta && data.meta.title) || data.url;
      var href = safeHref(data.url);
      if (href) {
        var link = el("a", null, title);
        link.href = href;
        heading.appendChild(link);
      } else {
        heading.textContent = title;
      }
      item.appendChild(heading);
      var summary = data.meta && data.meta.summary;
      if (typeof summary === "string") {
        // Its summary (a help page's first paragraph), not Pagefind's excerpt, which would be a
        // run of index words (search_records.index_words), and the query words it holds further on.
        if (summary) {
          var shown = el("p", "px-finder__excerpt");
          shown.appendChild(markedText(summary, words));
          item.appendChild(shown);
        }
        var further = mentionedFurther(data, words, title + " " + summary);
        if (further.length) {
          var line = el("p", "px-finder__mentions", "Mentions ");
          further.forEach(function (word, i) {
            if (i) line.appendChild(document.createTextNode(i === further.length - 1 ? " and " : ", "));
            line.appendChild(el("mark", null, word));
          });
          line.appendChild(document.createTextNode(" further on."));
          item.appendChild(line);
        }
      } else if (data.excerpt) {
        var excerpt = el("p", "px-finder__excerpt");
        excerpt.appendChild(excerptNodes(data.excerpt, words));
        item.appendChild(excerpt);
      }
      if (data.meta && data.meta.tagline) item.appendChild(el("p", "px-tags px-finder__tags", data.meta.tagline));
      return item;
    }

    function dataOf(result) {
      if (!result.cached) result.cached = result.data();
      return result.cached;
    }

    function showNext(id) {
      var slice = current.results.slice(current.shown, current.shown + PAGE_SIZE);
      more.hidden = true;
      return Promise.all(slice.map(dataOf)).then(function (records) {
        if (id !== current.id) return;
        records.forEach(function (data) {
          list.appendChild(resultItem(data, current.words));
        });
        current.shown += records.length;
        more.hidden = current.shown >= current.results.length;
      });
    }

    function describeFilters() {
      var parts = [];
      FACETS.forEach(function (facet) {
        var ids = state.filters[facet[0]];
        if (ids.length)
          parts.push(
            ids
              .map(function (id) {
                return labels[facet[0]][id] || id;
              })
              .join(" or ")
          );
      });
      return parts.join(", ");
    }

    function say(count, query) {
      var text = plural(count, "case study", "case studies");
      if (query) text += (count === 1 ? " mentions “" : " mention “") + query + "”";
      else text += count === 1 ? " matches" : " match";
      var chosen = describeFilters();
      status.textContent = text + (chosen ? " (" + chosen + ")." : ".");
    }

    function noteLine(className, text) {
      var p = el("p", className, text);
      notes.appendChild(p);
      return p;
    }

    function change(mutate) {
      mutate();
      syncControls();
      run().then(keepInView);
    }

    function showNoMention(query) {
      var box = el("div", "px-finder__empty");
      var themes = (vocabulary.theme || [])
        .map(function (option) {
          var best = [option.label].concat(option.aliases || []).reduce(function (top, name) {
            return Math.max(top, similarity(query, name));
          }, 0);
          return { option: option, score: best };
        })
        .sort(function (a, b) {
          return b.score - a.score;
        })
        .slice(0, 3);
      box.appendChild(el("p", null, "Try a different word, one of the nearest themes, or browse every case study:"));
      var actions = el("div", "px-finder__actions");
      themes.forEach(function (entry) {
        var go = button("px-finder__suggest", "Case studies on " + entry.option.label);
        go.addEventListener("click", function () {
          change(function () {
            state.q = "";
            input.value = "";
            state.filters.theme = [entry.option.id];
          });
        });
        actions.appendChild(go);
      });
      var browse = button("px-finder__browse", "Clear the search and browse");
      browse.addEventListener("click", function () {
        change(function () {
          state.q = "";
          input.value = "";
        });
      });
      actions.appendChild(browse);
      box.appendChild(actions);
      notes.appendChild(box);
    }

    // A zero result with filters: which filter emptied it, and a one-click way to remove it.
    // `without[key]` = {total, counts} of the same search less that facet's filter.
    function showEmptied(without) {
      var box = el("div", "px-finder__empty");
      box.appendChild(el("p", "px-finder__empty-title", "No case study matches all of these choices."));
      var actions = el("div", "px-finder__actions");
      FACETS.forEach(function (facet) {
        var key = facet[0];
        var ids = state.filters[key];
        if (!ids.length || !without[key]) return;
        var chosen = ids
          .map(function (id) {
            return labels[key][id] || id;
          })
          .join(" or ");
        var line = el("p", "px-finder__emptied");
        line.textContent =
          "Without " + facet[1].toLowerCase() + " “" + chosen + "”: " + plural(without[key].total, "case study", "case studies") + ".";
        box.appendChild(line);
        var silent = (without[key].counts[key] || {})[NOT_REPORTED] || 0;
        if (SILENT[key] && silent && ids.indexOf(NOT_REPORTED) === -1) {
          box.appendChild(
            el("p", "px-finder__silent", plural(silent, "of those case studies ", "of those case studies ") + SILENT[key] + ".")
          );
          var include = button("px-finder__include", "Include the " + plural(silent, "case study", "case studies") + " that " + SILENT[key]);
          include.addEventListener("click", function () {
            change(function () {
              state.filters[key].push(NOT_REPORTED);
            });
          });
          actions.appendChild(include);
        }
        var remove = button("px-finder__remove", "Remove " + facet[1].toLowerCase() + " “" + chosen + "”");
        remove.addEventListener("click", function () {
          change(function () {
            state.filters[key] = [];
          });
        });
        actions.appendChild(remove);
      });
      box.appendChild(actions);
      notes.appendChild(box);
    }

    function showHelp(pf, words, id) {
      help.hidden = true;
      help.textContent = "";
      if (!words.length) return Promise.resolve();
      return Promise.all(
        words.map(function (word) {
          return holds(pf, word, "help");
        })
      )
        .then(function (held) {
          var good = words.filter(function (word, i) {
            return held[i];
          });
          if (!good.length) return null;
          return search(pf, good.join(" "), { filters: { type: "help" } });
        })
        .then(function (found) {
          if (!found || !found.results.length || id !== current.id) return null;
          return Promise.all(found.results.slice(0, HELP_LIMIT).map(dataOf));
        })
        .then(function (records) {
          if (!records || id !== current.id) return;
          help.appendChild(el("h2", "px-finder__help-heading", "Help pages"));
          var ul = el("ul", "px-finder__help-list");
          records.forEach(function (data) {
            ul.appendChild(resultItem(data, words));
          });
          help.appendChild(ul);
          help.hidden = false;
        });
    }

    // One Pagefind search with the filters, and the counts each option would give: a facet
    // with ticks is counted without its own ticks (OR within a facet).
    function pagefindMode(pf, query, id) {
      var sort = pagefindSort(sortOf(state));
      return search(pf, query, { filters: pagefindFilters("case", state.filters), sort: sort }).then(function (main) {
        var active = FACETS.filter(function (facet) {
          return state.filters[facet[0]].length;
        });
        return Promise.all(
          active.map(function (facet) {
            return search(pf, query, { filters: pagefindFilters("case", state.filters, facet[0]) });
          })
        ).then(function (others) {
          var counts = {};
          var without = {};
          FACETS.forEach(function (facet) {
            counts[facet[0]] = main.filters[facet[0]] || {};
          });
          active.forEach(function (facet, i) {
            counts[facet[0]] = others[i].filters[facet[0]] || {};
            without[facet[0]] = { total: others[i].results.length, counts: others[i].filters };
          });
          return { results: main.results, counts: counts, without: without };
        });
      });
    }

    function passes(data, key, ids) {
      if (!ids.length) return true;
      var mine = (data.filters && data.filters[key]) || [];
      return ids.some(function (id) {
        return mine.indexOf(id) !== -1;
      });
    }

    // Several searches merged (words searched one by one, or cases of a term whose alias the
    // query holds): read each result whole (up to MERGE_LIMIT) and filter, count and sort here.
    function mergedMode(pf, queries, terms) {
      var searches = queries.map(function (q) {
        return search(pf, q, { filters: { type: "case" } });
      });
      terms.forEach(function (term) {
        var f = { type: "case" };
        f[term.key] = term.id;
        searches.push(search(pf, null, { filters: f }));
      });
      return Promise.all(searches).then(function (found) {
        var byId = {};
        var order = [];
        found.forEach(function (s, n) {
          var textual = n < queries.length;
          s.results.forEach(function (result) {
            var entry = byId[result.id];
            if (!entry) {
              entry = byId[result.id] = { result: result, hits: 0, score: 0 };
              order.push(entry);
            }
            if (textual) {
              entry.hits++;
              entry.score += result.score || 0;
            }
          });
        });
        order = order.slice(0, MERGE_LIMIT);
        return Promise.all(
          order.map(function (entry) {
            return dataOf(entry.result).then(function (data) {
              entry.data = data;
            });
          })
        ).then(function () {
          var counts = {};
          var without = {};
          FACETS.forEach(function (facet) {
            var key = facet[0];
            counts[key] = {};
            var rest = order.filter(function (entry) {
              return FACETS.every(function (other) {
                return other[0] === key || passes(entry.data, other[0], state.filters[other[0]]);
              });
            });
            var restCounts = {};
            rest.forEach(function (entry) {
              ((entry.data.filters || {})[key] || []).forEach(function (value) {
                restCounts[value] = (restCounts[value] || 0) + 1;
              });
            });
            counts[key] = restCounts;
            var own = {};
            own[key] = restCounts;
            if (state.filters[key].length) without[key] = { total: rest.length, counts: own };
          });
          var kept = order.filter(function (entry) {
            return FACETS.every(function (facet) {
              return passes(entry.data, facet[0], state.filters[facet[0]]);
            });
          });
          var sort = sortOf(state);
          kept.sort(function (a, b) {
            if (sort === "newest") {
              var da = (a.data.meta && a.data.meta.date) || "";
              var db = (b.data.meta && b.data.meta.date) || "";
              if (da !== db) return da < db ? 1 : -1;
            } else if (sort === "title") {
              return String(a.data.meta.title).localeCompare(String(b.data.meta.title), "en-GB", { sensitivity: "base" });
            } else {
              return b.hits - a.hits || b.score - a.score;
            }
            return 0;
          });
          return {
            results: kept.map(function (entry) {
              return entry.result;
            }),
            counts: counts,
            without: without,
          };
        });
      });
    }

    function run() {
      var id = ++current.id;
      var query = state.q.trim();
      writeState(state);
      syncControls();
      list.textContent = "";
      notes.textContent = "";
      more.hidden = true;
      current.results = [];
      current.shown = 0;
      status.textContent = "Searching…";
      var words = queryWords(query);
      var terms = query ? aliasTerms(vocabulary, query) : [];
      if (idle && !query && !activeCount(state)) {
        showCounts(idleCounts);
        var total = Number(container.getAttribute("data-px-count")) || 0;
        status.textContent =
          plural(total, "case study", "case studies") + ". Type what you are looking for, or tick a filter.";
        var all = el("a", "", "every case study by title");
        all.href = container.getAttribute("data-px-all-cases") || "";
        var line = noteLine("px-finder__idle", "Or read ");
        line.appendChild(all);
        line.appendChild(document.createTextNode("."));
        return Promise.resolve();
      }
      return load()
        .then(function (pf) {
          return Promise.all(
            words.map(function (word) {
              return holds(pf, word, "case");
            })
          ).then(function (held) {
            var good = words.filter(function (word, i) {
              return held[i];
            });
            current.words = good;
            if (query && !good.length && !terms.length) {
              return { none: true, pf: pf, good: good };
            }
            var text = good.join(" ");
            var step = !query
              ? pagefindMode(pf, null, id)
              : terms.length
                ? mergedMode(pf, good.length ? [text] : [], terms)
                : pagefindMode(pf, text, id).then(function (outcome) {
                    // Several words and no case with all of them: rank cases by how many they hold.
                    if (outcome.results.length || good.length < 2) return outcome;
                    return search(pf, text, { filters: { type: "case" } }).then(function (unfiltered) {
                      return unfiltered.results.length ? outcome : mergedMode(pf, good, []);
                    });
                  });
            return step.then(function (outcome) {
              outcome.pf = pf;
              outcome.good = good;
              return outcome;
            });
          });
        })
        .then(function (outcome) {
          if (id !== current.id) return;
          if (outcome.none) {
            status.textContent = "No case study mentions “" + query + "”.";
            showCounts({});
            showNoMention(query);
            return showHelp(outcome.pf, words, id);
          }
          current.results = outcome.results;
          showCounts(outcome.counts);
          var count = outcome.results.length;
          // Cases reached through an alias alone do not "mention" the query.
          say(count, outcome.good.length ? query : "");
          if (terms.length) {
            noteLine(
              "px-finder__including",
              "Including case studies on " +
                terms
                  .map(function (term) {
                    return term.label;
                  })
                  .join(", ") +
                "."
            );
          }
          var dropped = words.filter(function (word) {
            return outcome.good.indexOf(word) === -1;
          });
          if (dropped.length && query) {
            noteLine("px-finder__dropped", "No case study mentions " + dropped.map(function (w) { return "“" + w + "”"; }).join(" or ") + "; searched without it.");
          }
          if (!count && activeCount(state)) showEmptied(outcome.without);
          return Promise.all([showNext(id), showHelp(outcome.pf, words, id)]);
        })
        .catch(function (error) {
          if (id !== current.id) return;
          status.textContent = "Search is not available: the search index is missing. Rebuild the site with `make build`.";
          if (window.console) console.error(error);
        });
    }

    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        if (input.value.trim() !== state.q.trim()) {
          state.q = input.value;
          run();
        }
      }, 300);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      state.q = input.value;
      run().then(keepInView);
    });
    panel.addEventListener("change", function (event) {
      var box = event.target;
      if (!box || box.type !== "checkbox") return;
      var chosen = state.filters[box.name];
      var at = chosen.indexOf(box.value);
      if (box.checked && at === -1) chosen.push(box.value);
      if (!box.checked && at !== -1) chosen.splice(at, 1);
      // On a phone the panel stays open while ticking; "Show results" closes it.
      run().then(function () {
        if (WIDE.matches) keepInView();
        done.textContent = "Show " + plural(current.results.length, "case study", "case studies");
      });
    });
    sortSelect.addEventListener("change", function () {
      state.sort = sortSelect.value;
      run().then(keepInView);
    });
    clear.addEventListener("click", function () {
      change(function () {
        state.filters = emptyFilters();
      });
    });
    done.addEventListener("click", function () {
      setOpen(false);
      status.scrollIntoView({ block: "start" });
    });
    skip.addEventListener("click", function (event) {
      event.preventDefault(); // the address keeps the finder's state, not a fragment
      status.focus();
    });
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    more.addEventListener("click", function () {
      showNext(current.id);
    });

    syncControls();
    run();
    return function (query) {
      input.value = query;
      state.q = query;
      run().then(keepInView);
    };
  }

  function init() {
    if (forward()) return;
    var container = document.getElementById("px-finder");
    var vocabularyNode = document.getElementById("px-finder-vocabulary");
    var onFinder = null;
    if (container && vocabularyNode) {
      var vocabulary = {};
      try {
        vocabulary = JSON.parse(vocabularyNode.textContent);
      } catch (error) {
        vocabulary = {};
      }
      onFinder = finder(container, vocabulary);
    }
    addHeaderForm(onFinder);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
