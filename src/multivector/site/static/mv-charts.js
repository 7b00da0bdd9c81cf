/* Charts first as pictures, then interactive: each .mv-chart holds an SVG drawn at build time and its Vega-Lite
   spec. Once the reader uses the page, each chart that comes near the screen fetches the vega bundle (served by the
   site, loaded once) and the interactive view, laid out for the real column width, takes the picture's place. */
(function () {
  "use strict";
  var script = document.currentScript;
  // The bundle's address carries its versions (window.VEGA_DEBUG, set before this script), so a cached copy of another
  // vega is never reused.
  var versions = window.VEGA_DEBUG || {};
  var bundleUrl = script.src.replace(/mv-charts\.js(\?.*)?$/, "vega-bundle.js") + "?v=" + encodeURIComponent(
    [versions.vegalite_version, versions.vega_version, versions.vegaembed_version].join("-"));
  var loading = null;

  function loadVega() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = bundleUrl;
        s.onload = resolve;
        s.onerror = function () { reject(new Error("could not load " + bundleUrl)); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  // Faceted charts have a fixed panel width: give the panels what the column leaves after axes and legend.
  function fit(spec, card, data) {
    var inner = spec.facet && spec.spec;
    if (!inner || typeof inner.width !== "number") return;
    var around = parseFloat(data.mvOverhead) || 0, columns = parseInt(data.mvColumns, 10) || 1;
    inner.width = Math.max(60, Math.floor((card.clientWidth - around) / columns));
  }

  // A drawing wider than its svg: vega lays out the plot for the column, but a legend in columns can still run past
  // it (two long labels side by side on a 320 px screen).
  function spills(target) {
    var svg = target.querySelector("svg");
    if (!svg || !svg.viewBox.baseVal) return false;
    var box = svg.getBBox();
    return box.x + box.width > svg.viewBox.baseVal.width + 2;
  }

  // Draw the chart; a legend in columns that spills past the column is drawn again in one column.
  function draw(target, spec, options) {
    return window.vegaEmbed(target, spec, options).then(function (result) {
      var legend = spec.config && spec.config.legend;
      if (!legend || !(legend.columns > 1) || !spills(target)) return result;
      result.finalize();
      target.textContent = "";
      legend.columns = 1;
      return window.vegaEmbed(target, spec, options);
    });
  }

  function hydrate(card) {
    var holder = card.querySelector("script.mv-spec");
    if (!holder || card.dataset.mvState) return;
    card.dataset.mvState = "loading";
    var given = JSON.parse(holder.textContent);
    fit(given.spec, card, holder.dataset);
    loadVega().then(function () {
      var target = document.createElement("div");
      target.className = "mv-chart-live";
      card.insertBefore(target, holder);
      return draw(target, given.spec, given.options);
    }).then(function () {
      // vega-embed's menu button is an icon only: name it for screen readers (axe: summary-name), in the page's
      // language (charts/card.py gives the name with the spec).
      card.querySelectorAll(".vega-embed details > summary").forEach(function (summary) {
        summary.setAttribute("aria-label", given.label);
      });
      var picture = card.querySelector(".mv-chart-static");
      if (picture) picture.remove();
      card.dataset.mvState = "interactive";
    }).catch(function (err) {
      // The picture stays: the reader still sees the chart, without its interactions.
      card.dataset.mvState = "static";
      console.warn("Chart " + card.id + " stays a picture: " + err.message);
    });
  }

  var cards = document.querySelectorAll(".mv-chart");

  function watch() {
    if (!("IntersectionObserver" in window)) {
      cards.forEach(hydrate);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          hydrate(entry.target);
        }
      });
    }, {rootMargin: "300px 0px"});
    cards.forEach(function (card) { observer.observe(card); });
  }

  // The pictures stay until the reader first uses the page (mv-first-use.js): the interactive view is laid out for the
  // real column and may be taller than the picture, and a page that moved under a reader who had not touched it would
  // be a layout shift (measured: 0.2 on a phone, for the conclusions' chart). After that first use, each chart turns
  // interactive as it comes near the screen.
  window.mvFirstUse(watch);
})();
