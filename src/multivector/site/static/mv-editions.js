// Which edition a page belongs to, found at reading time from the output folder's listing, so that an edition's files
// never need rewriting when a newer one is published. The page's inline script (site/switcher.py, ROOT_JS) has worked
// out the output folder's root (window.MV_EDITION.root) from the page's own address, so the site may live at any path
// on any host. Served, the page fetches the listing (editions.json) and the theme fetches switcher.json; opened from a
// folder on disk (file://), where a browser refuses both fetches, the root's editions.js has already set
// window.MV_EDITIONS to the same listing and switcher entries, and nothing is fetched.
(function () {
  "use strict";
  var mv = window.MV_EDITION;
  if (!mv) return;
  var siteRoot = mv.root;
  var fromDisk = window.location.protocol === "file:";
  var onDisk = fromDisk ? window.MV_EDITIONS : null;

  // pydata-sphinx-theme resolves a relative json_url against the edition's own root, which differs between the two
  // places a page is served from; the site's switcher.json is one file, so it is given as an absolute address. From
  // disk the theme is handed the entries themselves, as a data: address (which it may fetch), or none at all.
  // documentation_options.js declares DOCUMENTATION_OPTIONS with const: a global binding, not a window property.
  if (typeof DOCUMENTATION_OPTIONS !== "undefined") {
    if (!fromDisk) {
      DOCUMENTATION_OPTIONS.theme_switcher_json_url = siteRoot + "switcher.json";
    } else if (onDisk) {
      DOCUMENTATION_OPTIONS.theme_switcher_json_url =
        "data:application/json," + encodeURIComponent(JSON.stringify(onDisk.switcher));
    } else {
      delete DOCUMENTATION_OPTIONS.theme_switcher_json_url;
    }
  }
  // Without a base URL (and always from disk) the switcher's entries are relative to the site's root; the theme uses
  // them as they are. From disk the theme's click handler, which asks the server whether the page exists in the
  // other edition, would fail: the link is followed as it is.
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node.nodeType === 1 && node.matches("a.dropdown-item") && node.closest(".version-switcher__menu")) {
          node.setAttribute("href", new URL(node.getAttribute("href"), siteRoot).href);
          if (fromDisk) node.onclick = null;
        }
      });
    });
  }).observe(document.documentElement, {childList: true, subtree: true});

  function text(tag, content) {
    var el = document.createElement(tag);
    el.textContent = content;
    return el;
  }

  // The words, in the page's language, from the page's own script (site/switcher.py, interface.EDITION_STATUS_WORDS).
  var words = mv.words;
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  function show(listing) {
    var latest = listing.filter(function (e) { return e.latest; })[0];
    var status = document.querySelector(".mv-edition-status");
    if (!latest) return;
    if (latest.id === mv.id) {
      // An archive's listing holds its one edition: the latest of the copy, not of the site.
      if (status) status.textContent = latest.archived ? fill(words.archived, {edition: mv.id}) : words.latest;
      return;
    }
    var banner = document.getElementById("mv-edition-banner");
    if (!banner) return;
    var link = document.createElement("a");
    link.className = "mv-latest-link";
    link.href = siteRoot + mv.page;
    link.textContent = words.link;
    var p = document.createElement("p");
    var reading = fill(words.reading, {edition: mv.id, latest: latest.id, year: latest.year, built: latest.built});
    p.append(text("strong", words.older + " "), reading + " ", link, ".");
    banner.replaceChildren(p);
    banner.hidden = false;
    if (status) status.textContent = words.not_latest;
  }

  function showWhenParsed(listing) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { show(listing); });
    } else {
      show(listing);
    }
  }

  if (fromDisk) {
    // No editions.js beside the pages (a copy of one edition's folder alone): the label alone says the edition.
    if (onDisk) showWhenParsed(onDisk.listing);
    return;
  }
  fetch(siteRoot + "editions.json", {cache: "no-cache"})
    .then(function (response) { return response.ok ? response.json() : []; })
    .then(showWhenParsed)
    .catch(function () { /* no listing: the label alone says the edition */ });
})();
