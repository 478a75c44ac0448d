// Site search with Pagefind, served from this site (no outside requests).
// Every page gets a small search form in the header that opens the search
// page with ?q=...; the search page draws its own small form and result list
// over Pagefind's JavaScript API (pagefind/pagefind.js), which fetches only
// the index chunks a query needs and the fragments of the results shown.
// Pagefind's ready-made UI is not used: its script and styles weighed more
// than the search data itself.
//
// Safety: result titles and URLs are set with textContent and checked
// attributes, never innerHTML. Pagefind's excerpts are escaped text with
// <mark> around the matches; they are split on those two tags, the text
// between is decoded as character references only, and each piece becomes a
// text node (inside a <mark> element where Pagefind marked it).
(function () {
  "use strict";

  var PAGE_SIZE = 5; // results per "page": each shown result fetches its fragment

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

  // The search page's address: search/ or search.html, as main.html says
  // (it depends on use_directory_urls).
  function searchPageUrl() {
    var meta = document.querySelector('meta[name="px-search-page"]');
    return new URL(meta ? meta.content : "search/", document.baseURI);
  }

  function addHeaderForm() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.querySelector(".px-header-search")) return;
    var parts = searchForm("px-header-search", "px-header-q", "Search case studies");
    parts.form.action = searchPageUrl().href;
    parts.label.className = "px-visually-hidden";
    parts.input.placeholder = "Search";
    parts.form.appendChild(parts.input);
    header.appendChild(parts.form);
  }

  // A labelled search form; the header and the search page each add their own extras.
  function searchForm(formClass, inputId, labelText) {
    var form = document.createElement("form");
    form.className = formClass;
    form.setAttribute("role", "search");
    var label = document.createElement("label");
    label.htmlFor = inputId;
    label.textContent = labelText;
    var input = document.createElement("input");
    input.id = inputId;
    input.type = "search";
    input.name = "q";
    input.autocomplete = "off";
    form.appendChild(label);
    return { form: form, label: label, input: input };
  }

  // --- Excerpts: Pagefind's escaped text with <mark>, rebuilt as DOM nodes.

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

  function excerptNodes(excerpt) {
    var fragment = document.createDocumentFragment();
    var marked = false;
    String(excerpt || "")
      .split(/(<mark>|<\/mark>)/)
      .forEach(function (piece) {
        if (piece === "<mark>") marked = true;
        else if (piece === "</mark>") marked = false;
        else if (piece) {
          var text = document.createTextNode(decodeReferences(piece));
          if (marked) {
            var mark = document.createElement("mark");
            mark.appendChild(text);
            fragment.appendChild(mark);
          } else {
            fragment.appendChild(text);
          }
        }
      });
    return fragment;
  }

  // Only links back into this site: a result URL comes from the index, but
  // nothing from it should be able to point the page elsewhere.
  function safeHref(url) {
    try {
      var resolved = new URL(url, root);
      if (resolved.origin === window.location.origin) return resolved.href;
    } catch (error) {
      // fall through
    }
    return null;
  }

  // --- The search page.

  function searchPage(container) {
    var parts = searchForm("px-search__form", "px-search-q", "Search the case studies");
    var form = parts.form;
    var input = parts.input;
    var row = document.createElement("div");
    row.className = "px-search__row";
    var submit = document.createElement("button");
    submit.type = "submit";
    submit.className = "md-button";
    submit.textContent = "Search";
    row.appendChild(input);
    row.appendChild(submit);
    form.appendChild(row);

    var status = document.createElement("p");
    status.className = "px-search__status";
    status.id = "px-search-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    var list = document.createElement("ol");
    list.className = "px-search__results";
    list.setAttribute("aria-label", "Search results");

    var more = document.createElement("button");
    more.type = "button";
    more.className = "md-button px-search__more";
    more.textContent = "Show more results";
    more.hidden = true;

    container.appendChild(form);
    container.appendChild(status);
    container.appendChild(list);
    container.appendChild(more);

    var pagefind = null;
    var loading = null;
    var current = { id: 0, query: "", results: [], shown: 0 };
    var timer = null;

    function load() {
      if (!loading) {
        loading = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
          pagefind = module;
          // noWorker: search on the page itself, so the browser fetches no
          // second copy of Pagefind's code for a web worker.
          return pagefind.options({ baseUrl: root.pathname, excerptLength: 30, noWorker: true }).then(function () {
            return pagefind;
          });
        });
      }
      return loading;
    }

    function keepInAddressBar(query) {
      var params = new URLSearchParams(window.location.search);
      if (query) params.set("q", query);
      else params.delete("q");
      var qs = params.toString();
      history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : "") + window.location.hash);
    }

    function say(text) {
      status.textContent = text;
    }

    function resultItem(data) {
      var item = document.createElement("li");
      item.className = "px-search__result";
      var heading = document.createElement("h2");
      heading.className = "px-search__title";
      var title = (data.meta && data.meta.title) || data.url;
      var href = safeHref(data.url);
      if (href) {
        var link = document.createElement("a");
        link.className = "px-search__link";
        link.href = href;
        link.textContent = title;
        heading.appendChild(link);
      } else {
        heading.textContent = title;
      }
      var excerpt = document.createElement("p");
      excerpt.className = "px-search__excerpt";
      excerpt.appendChild(excerptNodes(data.excerpt));
      item.appendChild(heading);
      item.appendChild(excerpt);
      return item;
    }

    function showNext(id) {
      var slice = current.results.slice(current.shown, current.shown + PAGE_SIZE);
      more.hidden = true;
      return Promise.all(
        slice.map(function (result) {
          return result.data();
        })
      ).then(function (records) {
        if (id !== current.id) return;
        records.forEach(function (data) {
          list.appendChild(resultItem(data));
        });
        current.shown += records.length;
        more.hidden = current.shown >= current.results.length;
      });
    }

    function run(query) {
      query = query.trim();
      var id = ++current.id;
      keepInAddressBar(query);
      list.textContent = "";
      more.hidden = true;
      current.results = [];
      current.shown = 0;
      current.query = query;
      if (!query) {
        say("");
        return Promise.resolve();
      }
      say("Searching…");
      return load()
        .then(function (pf) {
          return pf.search(query);
        })
        .then(function (search) {
          if (id !== current.id) return;
          current.results = search.results;
          var count = search.results.length;
          var quoted = "“" + query + "”";
          say(
            count === 0
              ? "No case studies match " + quoted + "."
              : count + (count === 1 ? " result for " : " results for ") + quoted + "."
          );
          return showNext(id);
        })
        .catch(function () {
          if (id !== current.id) return;
          say("Search is not available: the search index is missing. Rebuild the site with `make build`.");
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        if (input.value.trim() !== current.query) run(input.value);
      }, 250);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      run(input.value);
    });
    more.addEventListener("click", function () {
      showNext(current.id);
    });

    var initial = new URLSearchParams(window.location.search).get("q") || "";
    input.value = initial;
    if (initial.trim()) run(initial);
  }

  function init() {
    addHeaderForm();
    var container = document.getElementById("px-search");
    if (container) searchPage(container);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
