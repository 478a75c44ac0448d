// Faceted browse over catalogue.json. Plain JavaScript, no framework.
// Filters combine: any of the ticked values within one group (OR), every
// group at once (AND). The state lives in the query string (?theme=send&
// phase=primary), so a filtered view can be shared and survives a reload.
// Every string from the catalogue is inserted with textContent, never as HTML.
(function () {
  "use strict";

  var container = document.getElementById("px-browse");
  if (!container) return;
  var source = document.querySelector('a[data-px-catalogue="json"]');
  if (!source) return;
  var catalogueUrl = new URL(source.getAttribute("href"), document.baseURI);
  var siteRoot = new URL("./", catalogueUrl);

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function valuesOf(record, key) {
    var value = record[key];
    if (Array.isArray(value)) return value;
    return value === undefined || value === null ? [] : [value];
  }

  function readState(facets) {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    facets.forEach(function (facet) {
      var known = {};
      facet.terms.forEach(function (term) { known[term.id] = true; });
      state[facet.key] = params.getAll(facet.key).filter(function (id) { return known[id]; });
    });
    return state;
  }

  function writeState(facets, state) {
    var params = new URLSearchParams();
    facets.forEach(function (facet) {
      state[facet.key].forEach(function (id) { params.append(facet.key, id); });
    });
    var qs = params.toString();
    history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : "") + window.location.hash);
  }

  // A case passes a facet when nothing is ticked there or it carries a ticked value.
  function passes(record, key, selected) {
    if (!selected.length) return true;
    var mine = valuesOf(record, key);
    return selected.some(function (id) { return mine.indexOf(id) !== -1; });
  }

  function matches(record, facets, state, skipKey) {
    return facets.every(function (facet) {
      return facet.key === skipKey || passes(record, facet.key, state[facet.key]);
    });
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  // GOV.UK style, as pages.when_html writes it: 24 January 2003, January 2003, 2003.
  function longDate(iso) {
    var parts = (iso || "").split("-");
    if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(iso || "")) return iso || "";
    if (parts.length === 1) return parts[0];
    var month = MONTHS[parseInt(parts[1], 10) - 1];
    return parts.length === 2 ? month + " " + parts[0] : parseInt(parts[2], 10) + " " + month + " " + parts[0];
  }

  function render(data) {
    var facets = data.facets;
    // Listed by title, as every listing page of the site is.
    var cases = data.cases.slice().sort(function (a, b) {
      return a.title.localeCompare(b.title, "en-GB", { sensitivity: "base" }) || (a.id < b.id ? -1 : 1);
    });
    var state = readState(facets);
    var labels = {};
    facets.forEach(function (facet) {
      labels[facet.key] = {};
      facet.terms.forEach(function (term) { labels[facet.key][term.id] = term.label; });
    });

    var form = el("form", "px-browse__filters");
    form.setAttribute("aria-label", "Filter case studies");
    var counters = {};
    facets.forEach(function (facet) {
      var group = el("fieldset", "px-browse__facet");
      group.appendChild(el("legend", null, facet.title));
      facet.terms.forEach(function (term) {
        var id = "px-" + facet.key + "-" + term.id;
        var row = el("div", "px-browse__option");
        var box = el("input");
        box.type = "checkbox";
        box.id = id;
        box.name = facet.key;
        box.value = term.id;
        box.checked = state[facet.key].indexOf(term.id) !== -1;
        var label = el("label");
        label.htmlFor = id;
        label.appendChild(document.createTextNode(term.label + " "));
        var count = el("span", "px-browse__count");
        label.appendChild(count);
        label.title = term.description;
        row.appendChild(box);
        row.appendChild(label);
        group.appendChild(row);
        counters[id] = { facet: facet.key, term: term.id, node: count };
      });
      form.appendChild(group);
    });
    var clear = el("button", "md-button px-browse__clear", "Clear all filters");
    clear.type = "button";
    form.appendChild(clear);

    var status = el("p", "px-browse__status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var list = el("ul", "px-browse__results");

    container.textContent = "";
    container.appendChild(form);
    container.appendChild(status);
    container.appendChild(list);

    function update() {
      Object.keys(counters).forEach(function (id) {
        var c = counters[id];
        var n = cases.filter(function (record) {
          return matches(record, facets, state, c.facet) && valuesOf(record, c.facet).indexOf(c.term) !== -1;
        }).length;
        c.node.textContent = "(" + n + ")";
      });
      var shown = cases.filter(function (record) { return matches(record, facets, state, null); });
      status.textContent = shown.length === 1 ? "1 case study matches." : shown.length + " case studies match.";
      list.textContent = "";
      shown.forEach(function (record) {
        var item = el("li", "px-browse__result");
        item.setAttribute("data-case-id", record.id);
        var heading = el("h2", "px-browse__title");
        var a = el("a", null, record.title);
        a.href = new URL(record.url, siteRoot).href;
        heading.appendChild(a);
        item.appendChild(heading);
        item.appendChild(el("p", "px-browse__summary", record.summary));
        var tags = [];
        ["theme", "phase", "region"].forEach(function (key) {
          valuesOf(record, key).forEach(function (id) { tags.push(labels[key][id] || id); });
        });
        if (record.source_published) tags.push("Source " + longDate(record.source_published));
        valuesOf(record, "evidence").forEach(function (id) { tags.push(labels.evidence[id] || id); });
        item.appendChild(el("p", "px-browse__tags", tags.join(" · ")));
        list.appendChild(item);
      });
    }

    form.addEventListener("change", function (event) {
      var box = event.target;
      if (!box || box.type !== "checkbox") return;
      var chosen = state[box.name];
      var at = chosen.indexOf(box.value);
      if (box.checked && at === -1) chosen.push(box.value);
      if (!box.checked && at !== -1) chosen.splice(at, 1);
      writeState(facets, state);
      update();
    });
    clear.addEventListener("click", function () {
      facets.forEach(function (facet) { state[facet.key] = []; });
      Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
        box.checked = false;
      });
      writeState(facets, state);
      update();
    });
    update();
  }

  container.textContent = "Loading the catalogue…";
  fetch(catalogueUrl.href)
    .then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.statusText);
      return response.json();
    })
    .then(render)
    .catch(function (error) {
      container.textContent = "Could not load the catalogue (" + error.message + ").";
    });
})();
