// Site search with Pagefind, served from this site (no outside requests).
// Every page gets a small search form in the header that opens the search
// page with ?q=...; the search page loads Pagefind's own UI, which fetches
// only the index chunks a query needs.
(function () {
  "use strict";

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
  var searchPage = new URL("search/", root);

  function addHeaderForm() {
    var header = document.querySelector(".md-header__inner");
    if (!header || document.querySelector(".px-header-search")) return;
    var form = document.createElement("form");
    form.className = "px-header-search";
    form.setAttribute("role", "search");
    form.action = searchPage.href;
    var label = document.createElement("label");
    label.className = "px-visually-hidden";
    label.htmlFor = "px-header-q";
    label.textContent = "Search case studies";
    var input = document.createElement("input");
    input.id = "px-header-q";
    input.type = "search";
    input.name = "q";
    input.placeholder = "Search";
    input.autocomplete = "off";
    form.appendChild(label);
    form.appendChild(input);
    header.appendChild(form);
  }

  function loadSearchPage(container) {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("pagefind/pagefind-ui.css", root).href;
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = new URL("pagefind/pagefind-ui.js", root).href;
    script.onload = function () {
      /* global PagefindUI */
      var ui = new PagefindUI({
        element: "#" + container.id,
        bundlePath: new URL("pagefind/", root).href,
        showImages: false,
        showSubResults: false,
        resetStyles: false
      });
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) ui.triggerSearch(query);
      var input = container.querySelector("input");
      if (!input) return;
      // Keep the query in the address bar so a search can be shared or reloaded.
      input.addEventListener("input", function () {
        var params = new URLSearchParams(window.location.search);
        if (input.value) params.set("q", input.value);
        else params.delete("q");
        var qs = params.toString();
        history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : ""));
      });
    };
    script.onerror = function () {
      container.textContent = "The search index is missing. Rebuild the site with `make build`.";
    };
    document.body.appendChild(script);
  }

  function init() {
    addHeaderForm();
    var container = document.getElementById("px-search");
    if (container) loadSearchPage(container);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
