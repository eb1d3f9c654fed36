// Search with Pagefind on /soeg/: an enhancement of a plain form. Without JavaScript the
// page lists every plan. The index is /pagefind/, built with the site; nothing is loaded
// from other hosts. Texts come from the form's data-* attributes (the site's language).
(function () {
  "use strict";
  var form = document.getElementById("ps-search");
  var output = document.getElementById("ps-results");
  if (!form || !output) { return; }
  var input = form.querySelector("input[type=search]");
  var texts = form.dataset;
  var names = ["unit", "period", "status", "theme"];
  var pagefind = null;
  var selects = {};
  var counter = 0;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function load() {
    if (!pagefind) {
      pagefind = import(texts.bundle + "pagefind.js").then(function (module) {
        // A large site's index is split in shards (plansite.search): merge the others.
        var more = (texts.more || "").split(" ").filter(Boolean);
        return module.options({baseUrl: texts.base})
          .then(function () {
            return Promise.all(more.map(function (bundle) {
              return module.mergeIndex(bundle, {baseUrl: texts.base});
            }));
          })
          .then(function () { return module.filters(); })
          .then(function (filters) { buildFilters(filters); return module; });
      });
    }
    return pagefind;
  }

  function buildFilters(filters) {
    var box = element("fieldset", "search-filters");
    box.appendChild(element("legend", "", texts.filters));
    names.forEach(function (name) {
      var values = Object.keys(filters[name] || {}).sort(new Intl.Collator("da", {numeric: true}).compare);
      if (!values.length) { return; }
      var label = element("label", "", texts[name]);
      var select = element("select");
      select.name = name;
      select.appendChild(new Option(texts.any, ""));
      values.forEach(function (value) { select.appendChild(new Option(value, value)); });
      var wanted = new URLSearchParams(location.search).get(name);
      if (wanted) { select.value = wanted; }
      select.addEventListener("change", run);
      label.appendChild(select);
      box.appendChild(label);
      selects[name] = select;
    });
    form.parentNode.insertBefore(box, output);
  }

  function chosen() {
    var filters = {};
    names.forEach(function (name) {
      if (selects[name] && selects[name].value) { filters[name] = selects[name].value; }
    });
    return filters;
  }

  function show(results, data) {
    output.textContent = "";
    output.appendChild(element("p", "search-count",
      results.length === 1 ? texts.one :
      results.length ? texts.results.replace("{count}", results.length) : texts.none));
    var list = element("ol", "search-results");
    data.forEach(function (item) {
      var entry = element("li");
      var heading = element("h2");
      var link = element("a", "", item.meta.title || item.url);
      link.href = item.url;
      heading.appendChild(link);
      entry.appendChild(heading);
      var facts = [item.meta.unit, item.meta.period].filter(Boolean).join(" · ");
      if (facts) { entry.appendChild(element("p", "meta", facts)); }
      if (item.meta.status) {
        var status = element("p");
        status.appendChild(element("span", "status status-" + (item.meta.status_key || "none"),
                                   item.meta.status));
        entry.appendChild(status);
      }
      var excerpt = element("p", "excerpt");
      // Pagefind's excerpt is text from our own pages with <mark> around the hits.
      item.excerpt.split(/(<mark>.*?<\/mark>)/).forEach(function (part) {
        var match = /^<mark>(.*)<\/mark>$/.exec(part);
        var text = (match ? match[1] : part).replace(/&lt;/g, "<").replace(/&gt;/g, ">")
          .replace(/&quot;/g, "\"").replace(/&#39;/g, "'").replace(/&amp;/g, "&");
        excerpt.appendChild(match ? element("mark", "", text) : document.createTextNode(text));
      });
      entry.appendChild(excerpt);
      list.appendChild(entry);
    });
    output.appendChild(list);
  }

  function run(event) {
    if (event) { event.preventDefault(); }
    var query = input.value.trim();
    var filters = chosen();
    var mine = ++counter;
    var params = new URLSearchParams();
    if (query) { params.set("q", query); }
    Object.keys(filters).forEach(function (name) { params.set(name, filters[name]); });
    history.replaceState(null, "", params.toString() ? "?" + params : location.pathname);
    if (!query && !Object.keys(filters).length) { output.textContent = ""; return; }
    output.textContent = texts.loading;
    load().then(function (module) {
      return module.search(query || null, {filters: filters});
    }).then(function (search) {
      var first = search.results.slice(0, 50);
      return Promise.all(first.map(function (r) { return r.data(); })).then(function (data) {
        if (mine === counter) { show(search.results, data); }
      });
    });
  }

  form.addEventListener("submit", run);
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  var start = new URLSearchParams(location.search);
  if (start.get("q")) { input.value = start.get("q"); }
  load().then(function () { if (start.toString()) { run(); } });
})();
