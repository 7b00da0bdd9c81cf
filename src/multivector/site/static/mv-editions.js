// Which edition a page belongs to, found at reading time from the output folder's listing (editions.json), so that
// an edition's files never need rewriting when a newer one is published. A page is served either from its edition's
// permanent folder (<site>/editions/<id>/) or, for the latest edition, from the site's root too; the site's root is
// worked out from the page's own address, so the site may live at any path on any host.
(function () {
  "use strict";
  var mv = window.MV_EDITION;
  if (!mv) return;
  var here = window.location.href.split("#")[0].split("?")[0];
  var cut = here.lastIndexOf("/" + mv.page);
  var editionRoot = cut >= 0 ? here.slice(0, cut + 1) : here.replace(/[^/]*$/, "");
  var shelf = "editions/" + mv.id + "/";
  var atRoot = editionRoot.slice(-shelf.length) !== shelf;
  var siteRoot = atRoot ? editionRoot : editionRoot.slice(0, -shelf.length);

  // pydata-sphinx-theme resolves a relative json_url against the edition's own root, which differs between the two
  // places a page is served from; the site's switcher.json is one file, so it is given as an absolute address.
  // documentation_options.js declares DOCUMENTATION_OPTIONS with const: a global binding, not a window property.
  if (typeof DOCUMENTATION_OPTIONS !== "undefined") {
    DOCUMENTATION_OPTIONS.theme_switcher_json_url = siteRoot + "switcher.json";
  }
  // Without a base URL the switcher's entries are relative to the site's root; the theme uses them as they are.
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node.nodeType === 1 && node.matches("a.dropdown-item") && node.closest(".version-switcher__menu")) {
          node.setAttribute("href", new URL(node.getAttribute("href"), siteRoot).href);
        }
      });
    });
  }).observe(document.documentElement, {childList: true, subtree: true});

  function text(tag, content) {
    var el = document.createElement(tag);
    el.textContent = content;
    return el;
  }

  function show(listing) {
    var latest = listing.filter(function (e) { return e.latest; })[0];
    var status = document.querySelector(".mv-edition-status");
    if (!latest) return;
    if (latest.id === mv.id) {
      if (status) status.textContent = "This is the latest edition.";
      return;
    }
    var banner = document.getElementById("mv-edition-banner");
    if (!banner) return;
    var link = document.createElement("a");
    link.className = "mv-latest-link";
    link.href = siteRoot + mv.page;
    link.textContent = "Read this page in the latest edition";
    var p = document.createElement("p");
    p.append(text("strong", "An older edition. "),
             "You are reading edition " + mv.id + ". The latest edition is " + latest.id + " (reference year " +
             latest.year + ", built " + latest.built + "), whose figures may differ. ", link, ".");
    banner.replaceChildren(p);
    banner.hidden = false;
    if (status) status.textContent = "This is not the latest edition: see the notice above.";
  }

  fetch(siteRoot + "editions.json", {cache: "no-cache"})
    .then(function (response) { return response.ok ? response.json() : []; })
    .then(function (listing) {
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", function () { show(listing); });
      } else {
        show(listing);
      }
    })
    .catch(function () { /* no listing (a page opened from disk, say): the label alone says the edition */ });
})();
