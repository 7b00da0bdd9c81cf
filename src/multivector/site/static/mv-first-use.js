/* The reader's first use of the page (pointer, touch, key or wheel), and what waits for it: what only serves a reader
   who acts, so that a phone spends its first second drawing the page. A scroll is not a use: the theme scrolls its
   sidebar to the current page as it loads, and a reader's own scroll starts with one of the four.
   - window.mvFirstUse(fn) runs fn then (at once if it has come); mv-charts.js waits for it.
   - The theme's bootstrap.js (its dropdowns, tooltips and back-to-top button) loads then. Run during load, it cost
     Lighthouse's phone 120-450 ms of main thread before the first paint (its back-to-top set-up forces a layout of
     the whole page). A click on a dropdown that comes before it has loaded opens the dropdown once it has. */
(function () {
  "use strict";
  var uses = ["pointerdown", "pointermove", "touchstart", "keydown", "wheel"];
  var waiting = [];
  var used = false;

  window.mvFirstUse = function (fn) {
    if (used) fn();
    else waiting.push(fn);
  };

  function firstUse() {
    uses.forEach(function (name) { window.removeEventListener(name, firstUse, true); });
    used = true;
    waiting.splice(0).forEach(function (fn) { fn(); });
  }
  uses.forEach(function (name) { window.addEventListener(name, firstUse, {capture: true, passive: true}); });

  // The theme's script, at the address the page template gives (with the theme's digest).
  var src = document.currentScript.dataset.bootstrap;
  if (!src) return;
  var early = null;
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest('[data-bs-toggle="dropdown"]');
    if (toggle && !window.bootstrap) early = toggle;
  }, true);
  window.mvFirstUse(function () {
    var s = document.createElement("script");
    s.src = src;
    s.onload = function () {
      if (early && window.bootstrap) window.bootstrap.Dropdown.getOrCreateInstance(early).toggle();
    };
    document.head.appendChild(s);
  });
})();
